using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    private readonly ConvJob _convJob = new();

    /// <inheritdoc />
    /// <remarks>
    /// Image by image (stride 1 along rows): the image's columns are unfolded into its slice of
    /// <c>workspace.Cols</c> and multiplied while they are in cache, straight into y's (N,O,OH·OW) layout,
    /// and the bias is added to each row as it is written: no channel-major product, no reorder pass.
    /// Each element is one FMA chain from zero in K order, as in the packed GEMM's micro-kernel, so y has
    /// the default's bits (for K ≤ 512, the GEMM's K block, and products above its tiny size); images
    /// are split across threads in fixed ranges, so the bits do not depend on the thread count.
    /// </remarks>
    public override void Conv2DForward(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2DWorkspace workspace, in Conv2DGeometry g)
    {
        if (g.StrideW != 1 || !Avx512F.IsSupported) { base.Conv2DForward(x, w, bias, y, workspace, g); return; }
        var o = w.Shape[0];
        CheckConv("Conv2DForward", x, w, y, g);
        if (bias is not null && bias.Length != o) throw new ArgumentException($"Conv2DForward: bias {bias.Shape} does not fit {o} output channels.");
        var job = _convJob;
        job.X = Host(x); job.W = Host(w); job.Bias = bias is null ? null : Host(bias); job.Y = Host(y);
        job.Cols = Host(workspace.Cols(x.Backend, g));
        RunConv(job, o, g, backward: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Image by image: the image's dcols = w2ᵀ·dy (dy's (O, OH·OW) block needs no reorder) go to a
    /// per-thread buffer that stays in cache and are folded into dx at once. The same FMA chain and fold
    /// order per element as the default, so dx has its bits (with the forward pass's conditions).
    /// </remarks>
    public override void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g)
    {
        if (g.StrideW != 1 || !Avx512F.IsSupported) { base.Conv2DBackwardInput(dy, w, dx, workspace, g); return; }
        CheckConv("Conv2DBackwardInput", dx, w, dy, g);
        var job = _convJob;
        job.X = Host(dx); job.W = Host(w); job.Bias = null; job.Y = Host(dy);
        RunConv(job, w.Shape[0], g, backward: true);
    }

    private static void CheckConv(string op, Tensor x, Tensor w, Tensor y, in Conv2DGeometry g)
    {
        if (x.Length != g.Batch * g.Channels * g.Height * g.Width || w.Length != w.Shape[0] * g.PatchSize
            || y.Length != g.Batch * w.Shape[0] * g.OutHeight * g.OutWidth)
            throw new ArgumentException($"{op}: tensors {x.Shape}, {w.Shape} and {y.Shape} do not fit {g}.");
    }

    private void RunConv(ConvJob job, int outChannels, in Conv2DGeometry g, bool backward)
    {
        job.G = g; job.O = outChannels; job.Backward = backward;
        var parts = Math.Min(PartsFor(2.0 * outChannels * g.PatchSize * g.PatchCount), g.Batch);
        if (backward)
        {
            var size = g.PatchSize * g.OutHeight * g.OutWidth;
            if (job.Dcols.Length < parts) Array.Resize(ref job.Dcols, parts);
            for (var p = 0; p < parts; p++)
                if (job.Dcols[p] is null || job.Dcols[p].Length < size) job.Dcols[p] = new float[size];
        }
        try
        {
            if (parts <= 1) job.Run(0, 1);
            else Workers.Run(job, parts);
        }
        finally { job.X = job.W = job.Y = job.Cols = null!; job.Bias = null; }
    }

    /// <summary>
    /// A fixed range of images per part. Forward: X = x, Y = y, Cols = the whole-batch im2col matrix.
    /// Backward: X = dx, Y = dy, and part p's image columns in Dcols[p].
    /// </summary>
    private sealed class ConvJob : IPartitionedJob
    {
        public float[] X = null!, W = null!, Y = null!, Cols = null!;
        public float[]? Bias;
        public float[][] Dcols = [];
        public Conv2DGeometry G;
        public int O;
        public bool Backward;

        public unsafe void Run(int part, int parts)
        {
            var g = G;
            int n0 = g.Batch * part / parts, n1 = g.Batch * (part + 1) / parts;
            int pixels = g.OutHeight * g.OutWidth, k = g.PatchSize, o = O;
            fixed (float* x = X, w = W, y = Y, cols = Cols, bias = Bias, dcols = Backward ? Dcols[part] : null)
                for (var n = n0; n < n1; n++)
                {
                    var yn = y + n * o * pixels;
                    if (Backward)
                    {
                        // dcols:(K, P) = w2ᵀ:(K, O) · dy_n:(O, P), then folded into dx's image n
                        ImageProduct(k, pixels, o, w, 1, k, yn, pixels, dcols, pixels);
                        WindowJob.Image1(x, n, dcols, pixels, g, fold: true);
                        continue;
                    }
                    var cn = cols + n * pixels;
                    WindowJob.Image1(x, n, cn, g.PatchCount, g, fold: false);
                    // y_n:(O, P) = w2:(O, K) · cols_n:(K, P), rows of cols PatchCount apart
                    ImageProduct(o, pixels, k, w, k, 1, cn, g.PatchCount, yn, pixels);
                    if (bias != null)
                        for (var c = 0; c < o; c++)
                        {
                            var row = new Span<float>(yn + c * pixels, pixels);
                            CpuLoops.Zip<AddOp>(row, false, new ReadOnlySpan<float>(bias + c, 1), true, row); // the broadcast add's y + b
                        }
                }
        }

        /// <summary>
        /// c:(M,N) = A·b with A(i,p) = a[i·rsA + p·csA] and b:(K,N) rows ldb apart, unpacked: one image's
        /// operands are already in L1/L2, and packing them cost as much as the product. Four rows × 64
        /// columns at a time (<see cref="Tile4x64"/>, the dense layer's tile), the last columns masked; rows
        /// past the last four one at a time. Each element is one FMA chain from zero in K order.
        /// </summary>
        private static unsafe void ImageProduct(int m, int n, int k, float* a, int rsA, int csA, float* b, int ldb, float* c, int ldc)
        {
            for (var j = 0; j < n; j += 64)
            {
                var m0 = TailMask(Math.Clamp(n - j, 0, 16));
                var m1 = n - j > 16 ? TailMask(Math.Min(16, n - j - 16)) : Vector512<float>.Zero;
                var m2 = n - j > 32 ? TailMask(Math.Min(16, n - j - 32)) : Vector512<float>.Zero;
                var m3 = n - j > 48 ? TailMask(Math.Min(16, n - j - 48)) : Vector512<float>.Zero;
                var i = 0;
                for (; i + 4 <= m; i += 4) Tile4x64(a + i * rsA, rsA, csA, k, b + j, ldb, null, c + i * ldc + j, ldc, m0, m1, m2, m3);
                for (; i < m; i++)
                {
                    Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
                    var ai = a + i * rsA;
                    var bp = b + j;
                    for (var p = 0; p < k; p++, bp += ldb)
                    {
                        var x = Vector512.Create(ai[p * csA]);
                        c0 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(bp, m0, default), c0);
                        c1 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(bp + 16, m1, default), c1);
                        c2 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(bp + 32, m2, default), c2);
                        c3 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(bp + 48, m3, default), c3);
                    }
                    Store64(c + i * ldc + j, c0, c1, c2, c3, m0, m1, m2, m3);
                }
            }
        }
    }
}
