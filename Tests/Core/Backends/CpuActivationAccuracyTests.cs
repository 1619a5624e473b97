using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// The CPU backend's vector tanh (a rational function), sigmoid and softmax (its own polynomial exp) against
/// double-precision formulas over a dense sweep, saturating inputs, infinities and NaN.
/// </summary>
public sealed class CpuActivationAccuracyTests
{
    private static float[] Sweep()
    {
        var values = new List<float>();
        for (var x = -20f; x <= 20f; x += 1f / 1024) values.Add(x);
        values.AddRange([0f, -0f, 1e-30f, -1e-30f, 87.5f, -87.5f, 88.5f, -88.5f, 200f, -200f, 1e30f, -1e30f,
            float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue]);
        while (values.Count % 16 != 3) values.Add(0.5f); // a tail past the last full vector too
        return [.. values];
    }

    private static float[] Apply(UnaryKind kind, float[] x)
    {
        var backend = new CpuBackend();
        var input = Tensor.FromArray(x, new Shape(x.Length), backend);
        var output = Tensor.Zeros(input.Shape, backend);
        backend.Unary(kind, input, output, 0f);
        return output.ToArray();
    }

    [TestCase(UnaryKind.Tanh)]
    [TestCase(UnaryKind.Sigmoid)]
    public void MatchesDoublePrecisionEverywhere(UnaryKind kind)
    {
        var x = Sweep();
        var y = Apply(kind, x);
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            var want = kind == UnaryKind.Tanh ? Math.Tanh(v) : 1 / (1 + Math.Exp(-v));
            Assert.That(y[i], Is.EqualTo(want).Within(3e-7), $"{kind}({x[i]:R})");
        }
    }

    [Test]
    public void TanhKeepsItsRelativeAccuracyNearZero()
    {
        // Small inputs are where (1 − e^−2x)/(1 + e^−2x) loses digits: tanh(1e-3) must still have ~7 correct ones.
        var x = Sweep().Where(v => v != 0 && float.IsFinite(v)).Concat([1e-3f, -2.5e-4f, 3e-6f, 1e-20f]).ToArray();
        var y = Apply(UnaryKind.Tanh, x);
        for (var i = 0; i < x.Length; i++)
        {
            var want = Math.Tanh(x[i]);
            Assert.That(Math.Abs(y[i] - want), Is.LessThanOrEqualTo(5e-7 * Math.Abs(want)), $"tanh({x[i]:R}) relative error");
            Assert.That(Math.Abs(y[i]), Is.LessThanOrEqualTo(1f), $"|tanh({x[i]:R})| ≤ 1");
        }
    }

    [TestCase(UnaryKind.Tanh)]
    [TestCase(UnaryKind.Sigmoid)]
    public void NaNStaysNaN(UnaryKind kind)
    {
        var x = new float[35];
        x[5] = float.NaN; x[20] = float.NaN; x[34] = float.NaN;
        var y = Apply(kind, x);
        Assert.That(new[] { y[5], y[20], y[34] }, Has.All.NaN);
        Assert.That(y[0], Is.EqualTo(kind == UnaryKind.Tanh ? 0f : 0.5f));
    }

    [Test]
    public void SoftmaxRowsMatchDoublePrecision()
    {
        var rng = new Rng(4);
        const int rows = 7, cols = 53;
        var x = new float[rows * cols];
        for (var i = 0; i < x.Length; i++) x[i] = rng.Uniform(-40f, 40f);
        var backend = new CpuBackend();
        var input = Tensor.FromArray(x, new Shape(rows, cols), backend);
        var output = Tensor.Zeros(input.Shape, backend);
        backend.Softmax(input, output);
        var y = output.ToArray();
        for (var r = 0; r < rows; r++)
        {
            var max = x.AsSpan(r * cols, cols).ToArray().Max();
            var sum = 0.0;
            for (var c = 0; c < cols; c++) sum += Math.Exp(x[r * cols + c] - max);
            for (var c = 0; c < cols; c++)
                Assert.That(y[r * cols + c], Is.EqualTo(Math.Exp(x[r * cols + c] - max) / sum).Within(3e-7), $"row {r} col {c}");
        }
    }
}
