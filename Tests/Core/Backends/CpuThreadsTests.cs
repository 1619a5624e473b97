using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>Per-instance thread caps: a background trainer's backend can leave cores to the frame without touching process-wide settings.</summary>
public sealed class CpuThreadsTests
{
    [Test]
    public void AnInstanceCapsItsOwnThreadsOnly()
    {
        Assert.That(new CpuBackend(threads: 1).Threads, Is.EqualTo(1));
        Assert.That(CpuBackend.Instance.Threads, Is.EqualTo(Math.Min(CpuBackend.MaxThreads, Environment.ProcessorCount)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CpuBackend(threads: 0));
        Assert.That(e!.ParamName, Is.EqualTo("threads"));
    }

    [Test]
    public void OneThreadAndAllThreadsGiveTheSameBits()
    {
        // Large enough to split across threads on the shared instance: parts own whole tiles and rows, so K order never changes.
        var rng = new Rng(9);
        var single = new CpuBackend(threads: 1);
        var a = Tensor.RandomUniform(new Shape(300, 200), rng, -1, 1);
        var b = Tensor.RandomUniform(new Shape(200, 260), rng, -1, 1);
        var bias = Tensor.RandomUniform(new Shape(260), rng, -1, 1);
        float[] Run(CpuBackend backend)
        {
            var c = Tensor.Zeros(new Shape(300, 260), backend);
            backend.MatMul(a.To(backend), b.To(backend), c, false, false, 1f, 0f);
            var y = Tensor.Zeros(new Shape(300, 260), backend);
            backend.Dense(a.To(backend), b.To(backend), bias.To(backend), y, UnaryKind.Tanh, 0f);
            return [.. c.ToArray(), .. y.ToArray()];
        }
        Assert.That(Run(single), Is.EqualTo(Run(CpuBackend.Instance)));
    }
}
