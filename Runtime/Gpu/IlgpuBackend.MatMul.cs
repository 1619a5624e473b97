using ILGPU;
using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    public void MatMul(Tensor a, Tensor b, Tensor c, bool transA, bool transB, float alpha, float beta)
    {
        var (m, k, n) = ReferenceBackend.MatMulDims(a, b, c, transA, transB);
        LaunchGemm(a, b, c, null, new GemmArgs
        {
            M = m, N = n, K = k, TransA = transA ? 1 : 0, TransB = transB ? 1 : 0,
            Alpha = alpha, Beta = beta, Activation = UnaryKind.Identity,
        });
    }

    /// <inheritdoc />
    public void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
    {
        // x:(N,I) w:(I,O) bias:(O) -> y:(N,O); bias and activation run in the matmul's epilogue.
        var (m, k, n) = ReferenceBackend.MatMulDims(x, w, y, false, false);
        if (bias is not null && bias.Length != n)
            throw new ArgumentException($"Dense: bias {bias.Shape} does not fit {n} outputs.");
        LaunchGemm(x, w, y, bias, new GemmArgs
        {
            M = m, N = n, K = k, Alpha = 1f, Beta = 0f, HasBias = bias is null ? 0 : 1,
            Activation = activation, ActivationAlpha = alpha,
        });
    }

    private void LaunchGemm(Tensor a, Tensor b, Tensor c, Tensor? bias, in GemmArgs g)
    {
        if (g.M == 0 || g.N == 0) return;
        var tile = 4 * _gemmThreads;
        var grid = new Index2D((g.N + tile - 1) / tile, (g.M + tile - 1) / tile);
        var group = new Index2D(_gemmThreads, _gemmThreads);
        _gemm(new KernelConfig(grid, group), V(a), V(b), V(c), VOrDummy(bias), g);
    }
}
