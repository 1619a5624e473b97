using Myelin.Autograd;
using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Autograd;

/// <summary>
/// Central finite differences in double precision against the tape's gradients, on the
/// ReferenceBackend. The scalar checked is L = Σ wᵢ·yᵢ with fixed random weights w, summed in
/// double on the host; each input element is perturbed by ±h in float and the actual float step
/// is the denominator.
/// </summary>
internal static class GradientChecker
{
    public const double Step = 1e-2;
    public const double RelativeTolerance = 1e-2;
    public const double AbsoluteTolerance = 1e-3;
    /// <summary>A gradient this small everywhere means the check proved nothing.</summary>
    public const double MeaningfulGradient = 1e-3;

    public static IBackend Backend => ReferenceBackend.Instance;

    /// <summary>Values uniform in [lo, hi); with <paramref name="awayFromZero"/> every |v| ≥ that margin.</summary>
    public static Tensor Random(in Shape shape, ulong seed, float lo = -1f, float hi = 1f, float awayFromZero = 0f, bool requiresGrad = true)
    {
        var rng = new Rng(seed);
        var values = new float[shape.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = rng.Uniform(lo, hi);
            if (awayFromZero > 0f && MathF.Abs(v) < awayFromZero) v = v < 0 ? v - awayFromZero : v + awayFromZero;
            values[i] = v;
        }
        var t = Tensor.FromArray(values, shape, Backend);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    public static void Check(string what, Func<Tensor> forward, IReadOnlyList<Tensor> wrt,
        double rtol = RelativeTolerance, double atol = AbsoluteTolerance, double h = Step, bool allowZeroGradient = false)
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var y = forward();
        var rng = new Rng(12345);
        var w = new float[y.Length];
        for (var i = 0; i < w.Length; i++) w[i] = rng.Uniform(-1f, 1f);
        var weights = Tensor.FromArray(w, y.Shape, y.Backend);
        foreach (var t in wrt) t.ZeroGrad();
        tape.Backward(Ops.Sum(Ops.Multiply(y, weights)));
        var analytic = wrt.Select(t => t.Grad?.ToArray() ?? new float[t.Length]).ToArray();

        double Loss()
        {
            tape.Reset();
            var yv = forward().ToArray();
            double sum = 0;
            for (var i = 0; i < yv.Length; i++) sum += (double)w[i] * yv[i];
            return sum;
        }

        double maxDiff = 0, maxGrad = 0;
        string? failure = null;
        for (var k = 0; k < wrt.Count; k++)
        {
            var values = wrt[k].Span;
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                var plus = (float)(original + h);
                var minus = (float)(original - h);
                values[i] = plus;
                var lp = Loss();
                values[i] = minus;
                var lm = Loss();
                values[i] = original;
                var numeric = (lp - lm) / ((double)plus - minus);
                var a = analytic[k][i];
                var diff = Math.Abs(a - numeric);
                maxDiff = Math.Max(maxDiff, diff);
                maxGrad = Math.Max(maxGrad, Math.Abs(numeric));
                if (failure is null && diff > atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric)))
                    failure = $"input {k} ('{wrt[k].Name}' {wrt[k].Shape}) element {i}: autograd {a:G6}, finite difference {numeric:G6}";
            }
        }
        if (failure is not null)
            Assert.Fail($"{what}: gradient mismatch at {failure}; max |difference| {maxDiff:G4} (tolerance {atol} + {rtol}·|g|).");
        if (!allowZeroGradient && maxGrad < MeaningfulGradient)
            Assert.Fail($"{what}: every finite-difference gradient is below {MeaningfulGradient}; the check proves nothing.");
        TestContext.Out.WriteLine($"{what}: max |autograd − finite difference| = {maxDiff:G4}");
    }
}
