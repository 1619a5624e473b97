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
}
