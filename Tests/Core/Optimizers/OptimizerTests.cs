using Myelin.Optimizers;
using Myelin.Optimizers.Schedules;
using NUnit.Framework;

namespace Myelin.Tests.Core.Optimizers;

/// <summary>Three steps of each rule against the textbook formula in double precision.</summary>
public class OptimizerTests
{
    private const double Tolerance = 1e-5;
    private static readonly double[] s_start = [0.5, -1.0, 2.0];
    private static readonly double[][] s_grads = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.05], [0.2, 0.2, -0.6]];

    private static double[] Run(Func<Tensor, Optimizer> make)
    {
        var p = Tensor.FromArray(s_start.Select(v => (float)v).ToArray(), 3);
        p.RequiresGrad = true;
        var opt = make(p);
        foreach (var g in s_grads)
        {
            p.EnsureGrad().CopyFrom(g.Select(v => (float)v).ToArray());
            opt.Step();
        }
        Assert.That(opt.Steps, Is.EqualTo(3));
        return p.ToArray().Select(v => (double)v).ToArray();
    }

    private static void Expect(double[] actual, Func<int, double, double> expectedPerElement)
    {
        var expected = s_start.Select((p0, i) => expectedPerElement(i, p0)).ToArray();
        var max = actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max();
        Assert.That(max, Is.LessThan(Tolerance), $"max |difference| {max:G3}: got [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
    }

    [TestCase(0.0, false, 0.0)]
    [TestCase(0.9, false, 0.0)]
    [TestCase(0.9, true, 0.0)]
    [TestCase(0.0, false, 0.1)]
    [TestCase(0.9, true, 0.05)]
    public void Sgd(double momentum, bool nesterov, double decay)
    {
        const double lr = 0.1;
        var actual = Run(p => new Sgd([p], (float)lr, (float)momentum, nesterov, (float)decay));
        Expect(actual, (i, p) =>
        {
            double v = 0;
            foreach (var gs in s_grads)
            {
                var g = gs[i] + decay * p;
                v = momentum * v + g;
                p -= lr * (momentum == 0 ? g : nesterov ? g + momentum * v : v);
            }
            return p;
        });
    }

    [TestCase(0.0, false)]
    [TestCase(0.1, false)]
    [TestCase(0.1, true)]
    public void Adam(double decay, bool decoupled)
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var actual = Run(p => decoupled
            ? new AdamW([p], (float)lr, weightDecay: (float)decay)
            : new Adam([p], (float)lr, weightDecay: (float)decay));
        Expect(actual, (i, p) =>
        {
            double m = 0, v = 0;
            var t = 0;
            foreach (var gs in s_grads)
            {
                t++;
                var g = gs[i];
                if (decoupled) p -= lr * decay * p;
                else g += decay * p;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                p -= lr * (m / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v / (1 - Math.Pow(b2, t))) + eps);
            }
            return p;
        });
    }

    [Test]
    public void Adagrad()
    {
        const double lr = 0.1, eps = 1e-10;
        var actual = Run(p => new Adagrad([p], (float)lr));
        Expect(actual, (i, p) =>
        {
            double s = 0;
            foreach (var gs in s_grads) { s += gs[i] * gs[i]; p -= lr * gs[i] / (Math.Sqrt(s) + eps); }
            return p;
        });
    }

    [TestCase(0.0)]
    [TestCase(0.9)]
    public void RmsProp(double momentum)
    {
        const double lr = 0.01, rho = 0.9, eps = 1e-8;
        var actual = Run(p => new RmsProp([p], (float)lr, (float)rho, (float)momentum));
        Expect(actual, (i, p) =>
        {
            double s = 0, b = 0;
            foreach (var gs in s_grads)
            {
                s = rho * s + (1 - rho) * gs[i] * gs[i];
                var step = gs[i] / (Math.Sqrt(s) + eps);
                b = momentum * b + step;
                p -= lr * (momentum > 0 ? b : step);
            }
            return p;
        });
    }

    [Test]
    public void ClipNormScalesTheGlobalNorm()
    {
        var a = Tensor.FromArray([3f, 0f], 2); a.RequiresGrad = true;
        var b = Tensor.FromArray([0f], 1); b.RequiresGrad = true;
        a.EnsureGrad().CopyFrom([3f, 0f]);
        b.EnsureGrad().CopyFrom([4f]); // global norm 5
        var opt = new Sgd([a, b], 1f) { ClipNorm = 1f };
        opt.Step();
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 3f - 0.6f, 0f }).Within(1e-6f));
        Assert.That(b.ToArray(), Is.EqualTo(new[] { -0.8f }).Within(1e-6f));
        // Below the limit nothing changes.
        a.EnsureGrad().CopyFrom([0.3f, 0f]);
        b.EnsureGrad().CopyFrom([0.4f]);
        opt.Step();
        Assert.That(a.Grad!.ToArray(), Is.EqualTo(new[] { 0.3f, 0f }));
    }

    [Test]
    public void SchedulesGiveTheirFormulas()
    {
        const float lr = 0.1f;
        Assert.Multiple(() =>
        {
            Assert.That(new StepDecay(10, 0.5f).Rate(0, lr), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(new StepDecay(10, 0.5f).Rate(9, lr), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(new StepDecay(10, 0.5f).Rate(10, lr), Is.EqualTo(0.05f).Within(1e-7f));
            Assert.That(new StepDecay(10, 0.5f).Rate(25, lr), Is.EqualTo(0.025f).Within(1e-7f));
            Assert.That(new ExponentialDecay(0.9f).Rate(2, lr), Is.EqualTo(0.081f).Within(1e-7f));
            Assert.That(new CosineAnnealing(100, 0.01f).Rate(0, lr), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(new CosineAnnealing(100, 0.01f).Rate(50, lr), Is.EqualTo(0.055f).Within(1e-6f));
            Assert.That(new CosineAnnealing(100, 0.01f).Rate(100, lr), Is.EqualTo(0.01f).Within(1e-7f));
            Assert.That(new CosineAnnealing(100, 0.01f).Rate(500, lr), Is.EqualTo(0.01f).Within(1e-7f));
            Assert.That(new LinearWarmup(4).Rate(0, lr), Is.EqualTo(0.025f).Within(1e-7f));
            Assert.That(new LinearWarmup(4).Rate(3, lr), Is.EqualTo(0.1f).Within(1e-7f));
            Assert.That(new LinearWarmup(4, new StepDecay(2, 0.5f)).Rate(6, lr), Is.EqualTo(0.05f).Within(1e-7f));
        });
    }

    [Test]
    public void OptimizerAppliesTheScheduleByStep()
    {
        var p = Tensor.FromArray([0f], 1); p.RequiresGrad = true;
        var opt = new Sgd([p], 1f) { Schedule = new StepDecay(1, 0.5f) };
        for (var i = 0; i < 3; i++) { p.EnsureGrad().CopyFrom([1f]); opt.Step(); }
        Assert.That(p.Item(), Is.EqualTo(-(1f + 0.5f + 0.25f)).Within(1e-6f));
    }

    [Test]
    public void InvalidHyperParametersThrow()
    {
        var p = Tensor.Zeros(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Sgd([p], 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Sgd([p], 0.1f, momentum: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam([p], float.NaN));
    }
}
