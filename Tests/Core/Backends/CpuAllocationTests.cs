using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>The cpu backend allocates nothing per call once warm (scratch buffers are grown once).</summary>
public sealed class CpuAllocationTests
{
    private static readonly CpuBackend Cpu = CpuBackend.Instance;

    private static void AssertNoAllocation(string what, Action call)
    {
        var allocated = AllocationProbe.FewestBytes(call);
        Assert.That(allocated, Is.Zero, $"{what} allocated {allocated} bytes in 10 calls (fewest of three rounds)");
    }

    [Test]
    public void MatMul([Values(8, 300)] int n)
    {
        var rng = new Rng(1);
        var a = Tensor.RandomUniform(new Shape(n, n), rng, -1, 1, Cpu);
        var b = Tensor.RandomUniform(new Shape(n, n), rng, -1, 1, Cpu);
        var c = Tensor.Zeros(new Shape(n, n), Cpu);
        AssertNoAllocation($"MatMul n={n}", () => Cpu.MatMul(a, b, c, false, true, 1f, 0.5f));
    }

    [Test]
    public void Dense([Values(1, 64, 4096)] int batch)
    {
        var rng = new Rng(2);
        var x = Tensor.RandomUniform(new Shape(batch, 16), rng, -1, 1, Cpu);
        var w = Tensor.RandomUniform(new Shape(16, 64), rng, -1, 1, Cpu);
        var bias = Tensor.RandomUniform(new Shape(64), rng, -1, 1, Cpu);
        var y = Tensor.Zeros(new Shape(batch, 64), Cpu);
        AssertNoAllocation($"Dense batch={batch}", () => Cpu.Dense(x, w, bias, y, UnaryKind.Tanh, 0f));
    }

    [Test]
    public void SumTo()
    {
        var x = Tensor.RandomUniform(new Shape(64, 128), new Rng(3), -1, 1, Cpu);
        var row = Tensor.Zeros(new Shape(128), Cpu);
        var all = Tensor.Zeros(new Shape(1), Cpu);
        AssertNoAllocation("SumTo rows", () => Cpu.SumTo(x, row, 1f, 1f));
        AssertNoAllocation("SumTo all", () => Cpu.SumTo(x, all, 1f, 0f));
    }

    [Test]
    public void Adam()
    {
        var rng = new Rng(4);
        var p = Tensor.RandomUniform(new Shape(1000), rng, -1, 1, Cpu);
        var g = Tensor.RandomUniform(new Shape(1000), rng, -1, 1, Cpu);
        var m = Tensor.Zeros(new Shape(1000), Cpu);
        var v = Tensor.Zeros(new Shape(1000), Cpu);
        var h = new OptimizerHyper { LearningRate = 1e-3f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, Step = 1 };
        AssertNoAllocation("Adam", () => Cpu.AdamUpdate(p, g, m, v, h));
    }
}
