using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// XOR-sized shapes take the CPU backend's direct paths, which must give the same bits as the plain
/// scalar loops: products below the packing threshold (Σ_p in order, each product rounded, from 0)
/// and the bias-gradient row sum (N,O) → (O) (rows added in order).
/// </summary>
public sealed class CpuSmallShapesTests
{
    // c:(M,N) = alpha·Σ_p op(a)(i,p)·op(b)(p,j) + beta·c, the obvious loop.
    private static float[] Plain(float[] a, float[] b, float[] c, int m, int k, int n, bool transA, bool transB, float alpha, float beta)
    {
        var y = (float[])c.Clone();
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var product = (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                    sum += product;
                }
                y[i * n + j] = alpha * sum + (beta == 0f ? 0f : beta * y[i * n + j]);
            }
        return y;
    }

    [Test]
    public void TinyMatMulHasThePlainLoopsBits([Values] bool transA, [Values] bool transB)
    {
        var backend = new CpuBackend();
        foreach (var (m, k, n) in new[] { (4, 4, 4), (4, 2, 4), (2, 4, 4), (4, 4, 1), (1, 4, 4), (3, 5, 7), (4, 1, 9), (7, 7, 13), (1, 1, 1) })
            foreach (var (alpha, beta) in new[] { (1f, 0f), (1f, 1f), (0.5f, -2f) })
            {
                var rng = new Rng((ulong)(m * 1000 + k * 100 + n));
                float[] Random(int length)
                {
                    var v = new float[length];
                    for (var i = 0; i < length; i++) v[i] = rng.Uniform(-2f, 2f);
                    return v;
                }
                var a = Random(m * k);
                var b = Random(k * n);
                var c = Random(m * n);
                var want = Plain(a, b, c, m, k, n, transA, transB, alpha, beta);
                var got = Tensor.FromArray(c, new Shape(m, n), backend);
                backend.MatMul(Tensor.FromArray(a, transA ? new Shape(k, m) : new Shape(m, k), backend),
                    Tensor.FromArray(b, transB ? new Shape(n, k) : new Shape(k, n), backend), got, transA, transB, alpha, beta);
                var g = got.ToArray();
                for (var i = 0; i < want.Length; i++)
                    Assert.That(BitConverter.SingleToInt32Bits(g[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(want[i])),
                        $"({m}x{k})·({k}x{n}) transA={transA} transB={transB} alpha={alpha} beta={beta} at {i}: {g[i]:R} vs {want[i]:R}");
            }
    }
    [Test]
    public void RowSumHasThePlainLoopsBits()
    {
        var backend = new CpuBackend();
        foreach (var (n, o) in new[] { (4, 4), (4, 1), (2, 3), (7, 17), (33, 16), (5, 40) })
            foreach (var (alpha, beta) in new[] { (1f, 0f), (1f, 1f), (-0.5f, 2f) })
            {
                var rng = new Rng((ulong)(n * 100 + o));
                var x = new float[n * o];
                var y = new float[o];
                for (var i = 0; i < x.Length; i++) x[i] = rng.Uniform(-2f, 2f);
                for (var j = 0; j < o; j++) y[j] = rng.Uniform(-2f, 2f);
                var want = new float[o];
                for (var j = 0; j < o; j++)
                {
                    var sum = x[j];
                    for (var r = 1; r < n; r++) sum += x[r * o + j];
                    want[j] = alpha * sum + (beta == 0f ? 0f : beta * y[j]);
                }
                var got = Tensor.FromArray(y, new Shape(o), backend);
                backend.SumTo(Tensor.FromArray(x, new Shape(n, o), backend), got, alpha, beta);
                var g = got.ToArray();
                for (var j = 0; j < o; j++)
                    Assert.That(BitConverter.SingleToInt32Bits(g[j]), Is.EqualTo(BitConverter.SingleToInt32Bits(want[j])),
                        $"({n},{o}) -> ({o}) alpha={alpha} beta={beta} at {j}: {g[j]:R} vs {want[j]:R}");
            }
    }
}
