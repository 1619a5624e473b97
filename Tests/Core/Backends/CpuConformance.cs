using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>The SIMD CPU backend against the spec, plus its determinism promise.</summary>
[TestFixture]
public sealed class CpuConformance : BackendConformance
{
    /// <inheritdoc />
    protected override IBackend Backend => CpuBackend.Instance;

    [Test]
    public void ThreadedMatMulIsBitIdenticalAcrossRuns([Values] bool transA, [Values] bool transB)
    {
        // 300·200·500 ≈ 60 MFLOP: well above the threading threshold.
        const int m = 300, k = 200, n = 500;
        var rng = new Rng(90);
        var a = On(Rand(rng, transA ? new Shape(k, m) : new Shape(m, k)));
        var b = On(Rand(rng, transB ? new Shape(n, k) : new Shape(k, n)));
        var c0 = On(Rand(rng, new Shape(m, n)));
        var first = c0.Clone();
        var second = c0.Clone();
        Backend.MatMul(a, b, first, transA, transB, 0.5f, 1f);
        Backend.MatMul(a, b, second, transA, transB, 0.5f, 1f);
        AssertEqual(first, second, "threaded MatMul run twice");
    }

    [Test]
    public void DenseRowsDoNotDependOnTheirBatch([Values(1, 2, 4, 5, 8, 12, 64, 65)] int outputs, [Values(2, 9, 16, 64)] int inputs,
        [Values(UnaryKind.Tanh, UnaryKind.Sigmoid, UnaryKind.Relu)] UnaryKind kind)
    {
        // Narrow heads, 8-row and 4-row blocks, leftovers, activation chunks and threaded bands: a row's
        // outputs must be the same bits alone, in a small batch or in a large one (an agent acts the
        // same in any crowd; XOR's four points give the same values one at a time).
        const int n = 1003;
        var rng = new Rng((ulong)(outputs * 100 + inputs));
        var x = Rand(rng, new Shape(n, inputs));
        var w = Rand(rng, new Shape(inputs, outputs));
        var bias = Rand(rng, new Shape(outputs));
        float[] Rows(int first, int count)
        {
            var part = Tensor.FromArray(x.ToArray().AsSpan(first * inputs, count * inputs).ToArray(), new Shape(count, inputs), Backend);
            var y = Tensor.Zeros(new Shape(count, outputs), Backend);
            Backend.Dense(part, On(w), On(bias), y, kind, 0f);
            return y.ToArray();
        }
        var all = Rows(0, n);
        foreach (var (first, count) in new[] { (0, 1), (5, 1), (17, 1), (1002, 1), (3, 11), (8, 8), (990, 13), (100, 300) })
            Assert.That(Rows(first, count), Is.EqualTo(all.AsSpan(first * outputs, count * outputs).ToArray()),
                $"{kind}: rows {first}..{first + count - 1} of ({n}×{inputs})·({inputs}×{outputs}) computed apart");
    }

    [Test]
    public void SharedRowTilesCoverEveryRowOnceRunAfterRun()
    {
        // Threads take tiles from a shared counter and late helpers are revoked: across many runs every
        // row must be written (outputs start as NaN) with the same bits as the one-thread result.
        var rng = new Rng(31);
        const int n = 1000;
        var x = Rand(rng, new Shape(n, 16));
        DenseStage[] stages = [new(Rand(rng, new Shape(16, 64)), Rand(rng, new Shape(64)), UnaryKind.Tanh, 0f),
            new(Rand(rng, new Shape(64, 4)), null, UnaryKind.Identity, 0f)];
        var single = new CpuBackend(threads: 1);
        Tensor[] want = [Tensor.Zeros(new Shape(n, 64), single), Tensor.Zeros(new Shape(n, 4), single)];
        single.DenseChain(x, stages, want);
        Tensor[] got = [Tensor.Zeros(new Shape(n, 64), Backend), Tensor.Zeros(new Shape(n, 4), Backend)];
        for (var run = 0; run < 200; run++)
        {
            foreach (var t in got) Backend.Fill(t, float.NaN);
            Backend.DenseChain(x, stages, got);
            AssertEqual(want[1], got[1], $"run {run}: chained output");
            AssertEqual(want[0], got[0], $"run {run}: hidden layer");
        }
    }
}
