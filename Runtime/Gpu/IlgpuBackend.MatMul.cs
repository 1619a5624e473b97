using ILGPU;
using ILGPU.Runtime;
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

    // Split-K: slices of at least this many k-steps each, at most MaxSplits of them, at most this many partial floats.
    private const int MinSplitSteps = 32, MaxSplits = 256, MaxSplitFloats = 1 << 22;

    private MemoryBuffer1D<float, Stride1D.Dense>? _splitWorkspace;

    private void LaunchGemm(Tensor a, Tensor b, Tensor c, Tensor? bias, GemmArgs g)
    {
        if (g.M == 0 || g.N == 0) return;
        var tile = GemmKernel.TileFor(_gemmThreads);
        var tileK = GemmKernel.TileKFor(_gemmThreads);
        int tilesM = (g.M + tile - 1) / tile, tilesN = (g.N + tile - 1) / tile;
        (g.Splits, g.KPerSplit) = SplitK(tilesM * tilesN, g.M * g.N, g.K, tileK, _gemmGroupsWanted);
        var partials = g.Splits == 1 ? _dummy.View.BaseView : SplitWorkspace(g.Splits * g.M * g.N);
        var grid = new Index3D(tilesN, tilesM, g.Splits);
        _gemm(new KernelConfig(grid, new Index3D(_gemmThreads, _gemmThreads, 1)), V(a), V(b), V(c), VOrDummy(bias), partials, g);
        if (g.Splits > 1) _gemmSplitReduce(Stride(g.M * g.N), partials, V(c), VOrDummy(bias), g);
    }

    /// <summary>
    /// How many slices of K to run as separate groups: enough to give the device
    /// <paramref name="groupsWanted"/> groups when the output has fewer tiles, each slice at least
    /// <see cref="MinSplitSteps"/> k-steps long, and the partial sums within <see cref="MaxSplitFloats"/>.
    /// Returns (1, K) when splitting does not pay; otherwise KPerSplit is a multiple of the k-step.
    /// </summary>
    public static (int Splits, int KPerSplit) SplitK(int tiles, int outputs, int k, int tileK, int groupsWanted)
    {
        var splits = Math.Min(Math.Min(groupsWanted / Math.Max(1, tiles), k / (MinSplitSteps * tileK)), MaxSplits);
        splits = Math.Min(splits, MaxSplitFloats / Math.Max(1, outputs));
        if (splits < 2) return (1, k);
        var steps = (k + tileK - 1) / tileK;
        var kPerSplit = (steps + splits - 1) / splits * tileK;
        return ((k + kPerSplit - 1) / kPerSplit, kPerSplit);
    }

    // Grows (never shrinks) the split-K workspace; steady-state calls reuse it.
    private ArrayView<float> SplitWorkspace(int length)
    {
        if (_splitWorkspace is null || _splitWorkspace.Length < length)
        {
            _splitWorkspace?.Dispose();
            _splitWorkspace = Accelerator.Allocate1D<float>(length);
        }
        return _splitWorkspace.View.BaseView;
    }
}
