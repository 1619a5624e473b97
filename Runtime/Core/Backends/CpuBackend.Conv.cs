using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>
/// Direct convolution for stride 1: no im2col matrix. An image's channels are copied into zero-padded
/// planes whose rows are long enough for whole 16-float loads, and each output row vector is a chain of
/// FMAs over (channel, kernel row, kernel column) of shifted input rows, eight output channels and two
/// output rows at a time (<see cref="Tile8x2"/>). The input gradient is the same kernel run on padded dy
/// with the kernel flipped and the channel axes swapped; the weight gradient streams dy against the
/// padded x the forward pass kept (<see cref="ConvWeightsJob"/>).
/// </summary>
public sealed partial class CpuBackend
{
    private readonly DirectConvJob _directConv = new();

    /// <summary>Stride 1 and padding below the kernel size (so the input gradient is a direct convolution too), with AVX-512.</summary>
    private static bool Direct(in Conv2DGeometry g) =>
        Avx512F.IsSupported && g.StrideH == 1 && g.StrideW == 1 && g.PadH < g.KernelH && g.PadW < g.KernelW;

    /// <inheritdoc />
    /// <remarks>
    /// Direct (see the type's remarks) for stride 1 and padding below the kernel size with AVX-512 (else
    /// the default sequence); the workspace keeps x padded
    /// (<see cref="Conv2DWorkspace.Saved"/>) for <see cref="Conv2DBackwardWeights"/>. Images go to threads
    /// one at a time, and each output element is one FMA chain from the bias in (channel, kernel row,
    /// kernel column) order, so the bits do not depend on the thread count.
    /// </remarks>
    public override void Conv2DForward(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2DWorkspace workspace, in Conv2DGeometry g)
    {
        if (!Direct(g)) { base.Conv2DForward(x, w, bias, y, workspace, g); return; }
        CheckConv("Conv2DForward", x, w, y, g);
        DirectForward(x, w, bias, y, workspace, g, pooled: null, winners: null, relu: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Direct (as <see cref="Conv2DForward"/>), pooling in the tile's epilogue: a tile's two output rows
    /// are one row of 2×2 windows, so the maxima, the ReLU and each window's winner come from the
    /// accumulators, and the full-size output is never written (nor allocated). The winners go to
    /// <paramref name="pool"/> as <see cref="MaxPool2D(Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool)"/>
    /// records them, and the values are those of the convolution followed by that pooling.
    /// </remarks>
    public override void Conv2DForwardPooled(Tensor x, Tensor w, Tensor? bias, Tensor pooled, Conv2DWorkspace workspace, PoolWorkspace pool, in Conv2DGeometry g, bool relu)
    {
        if (!Direct(g) || g.OutHeight % 2 != 0 || g.OutWidth % 2 != 0)
        {
            base.Conv2DForwardPooled(x, w, bias, pooled, workspace, pool, g, relu);
            return;
        }
        var pg = Ops.PoolGeometry(g, w.Shape[0]);
        if (x.Length != g.Batch * g.Channels * g.Height * g.Width || w.Length != w.Shape[0] * g.PatchSize
            || pooled.Length != pg.Batch * pg.Channels * pg.OutHeight * pg.OutWidth)
            throw new ArgumentException($"Conv2DForwardPooled: tensors {x.Shape}, {w.Shape} and {pooled.Shape} do not fit {g} pooled 2×2.");
        DirectForward(x, w, bias, null, workspace, g, pooled, pool.RecordWinners(pg, relu), relu);
    }

    /// <summary>The direct forward pass into y, or (with <paramref name="pooled"/>) pooled in the tiles' epilogue.</summary>
    private void DirectForward(Tensor x, Tensor w, Tensor? bias, Tensor? y, Conv2DWorkspace workspace, in Conv2DGeometry g, Tensor? pooled, byte[]? winners, bool relu)
    {
        var o = w.Shape[0];
        if (bias is not null && bias.Length != o) throw new ArgumentException($"Conv2DForward: bias {bias.Shape} does not fit {o} output channels.");
        var input = PaddedLayout.ForInput(g);
        var job = _directConv;
        job.Source = Host(x); job.Output = y is null ? null : Host(y);
        job.Saved = Host(workspace.Saved(x.Backend, input.Length(g.Batch, g.Channels)));
        job.Prepare(g, input, inChannels: g.Channels, outChannels: o, outH: g.OutHeight, outW: g.OutWidth, backward: false, accumulate: false);
        job.Pooled = pooled is null ? null : Host(pooled); job.Winners = winners; job.Relu = relu;
        job.PackForward(Host(w), bias is null ? null : Host(bias));
        RunDirect(job, 2.0 * o * g.PatchSize * g.PatchCount, g.Batch);
    }

    /// <inheritdoc />
    /// <remarks>
    /// dx += dy ⋆ flip(w) with dy padded by (KH−1−padH, KW−1−padW): the forward kernel, image by image.
    /// </remarks>
    public override void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        Conv2DBackwardInput(dy, w, dx, workspace, g, overwrite: false);

    /// <inheritdoc />
    /// <remarks>Direct for stride 1 and at least 4 input channels: as the accumulating overload, storing instead of adding.</remarks>
    public override void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g, bool overwrite)
    {
        // Its tiles are 8 input channels wide: with fewer than 4 most lanes of work would be wasted, and the
        // default's matmul + col2im is faster (1 channel at 28×28, batch 64: 390 µs direct).
        if (!Direct(g) || g.Channels < 4) { base.Conv2DBackwardInput(dy, w, dx, workspace, g, overwrite); return; }
        var o = w.Shape[0];
        CheckConv("Conv2DBackwardInput", dx, w, dy, g);
        var input = PaddedLayout.ForInputGradient(g);
        var job = _directConv;
        job.Source = Host(dy); job.Output = Host(dx); job.Saved = null;
        job.Prepare(g, input, inChannels: o, outChannels: g.Channels, outH: g.Height, outW: g.Width, backward: true, accumulate: !overwrite);
        job.PackBackward(Host(w));
        RunDirect(job, 2.0 * o * g.PatchSize * g.PatchCount, g.Batch);
    }

    private static void CheckConv(string op, Tensor x, Tensor w, Tensor y, in Conv2DGeometry g)
    {
        if (x.Length != g.Batch * g.Channels * g.Height * g.Width || w.Length != w.Shape[0] * g.PatchSize
            || y.Length != g.Batch * w.Shape[0] * g.OutHeight * g.OutWidth)
            throw new ArgumentException($"{op}: tensors {x.Shape}, {w.Shape} and {y.Shape} do not fit {g}.");
    }

    private void RunDirect(DirectConvJob job, double flops, int images)
    {
        var parts = Math.Min(PartsFor(flops), images);
        job.EnsureScratch(parts);
        try
        {
            RunParts(job, parts);
        }
        finally { job.Source = null!; job.Output = job.Saved = job.Pooled = null; job.Winners = null; }
    }

    /// <summary>
    /// Zero-padded planes of one image's channels: <see cref="Rows"/> rows of <see cref="RowStride"/>
    /// floats, the source at (<see cref="PadH"/>, <see cref="PadW"/>). A row holds the output width
    /// rounded up to 16 plus the kernel width − 1, so every 16-float load of a tile stays in its row or the
    /// next; the lanes past the output width are never stored.
    /// </summary>
    private readonly record struct PaddedLayout(int Rows, int RowStride, int PadH, int PadW, int SourceH, int SourceW)
    {
        /// <summary>x padded by the convolution's padding, for outputs of the convolution's width.</summary>
        public static PaddedLayout ForInput(in Conv2DGeometry g) =>
            new(g.Height + 2 * g.PadH, RoundUp16(g.OutWidth) + g.KernelW - 1, g.PadH, g.PadW, g.Height, g.Width);

        /// <summary>dy padded by (KH−1−padH, KW−1−padW): the direct convolution with the flipped kernel gives dx's size.</summary>
        public static PaddedLayout ForInputGradient(in Conv2DGeometry g) =>
            new(g.OutHeight + 2 * (g.KernelH - 1 - g.PadH), RoundUp16(g.Width) + g.KernelW - 1,
                g.KernelH - 1 - g.PadH, g.KernelW - 1 - g.PadW, g.OutHeight, g.OutWidth);

        public int Plane => Rows * RowStride;

        /// <summary>
        /// Floats per image: its planes, then one row of slack that a single-row tile's unused second row
        /// and the weight gradient's fourth column read (so they never touch the next image, which another
        /// thread may be writing).
        /// </summary>
        public int Image(int channels) => channels * Plane + RowStride;

        /// <summary>Floats for <paramref name="images"/> images, and a vector of slack at the end.</summary>
        public int Length(int images, int channels) => images * Image(channels) + 64;

        private static int RoundUp16(int n) => (n + 15) & ~15;

        /// <summary>
        /// Copies <paramref name="channels"/> planes of SourceH×SourceW floats into padded planes: each
        /// padded row is whole 16-float stores of masked loads (zeros outside the source columns), in
        /// order, so a row's last store runs into the next row before that row is written, and the last
        /// row's into the image's slack (per-row span copies and clears of 1–28 floats cost more than
        /// the convolution of a 1-channel image).
        /// </summary>
        public unsafe void Pad(float* src, int channels, float* dst)
        {
            int h = SourceH, w = SourceW, stride = RowStride, pad = PadW;
            var lanes = Vector512<int>.Indices;
            var zero = Vector512<float>.Zero;
            for (var c = 0; c < channels; c++, src += h * w)
                for (var r = 0; r < Rows; r++)
                {
                    var row = dst + (c * Rows + r) * stride;
                    var sr = r - PadH;
                    if ((uint)sr >= (uint)h)
                    {
                        for (var k = 0; k < stride; k += 16) zero.Store(row + k);
                        continue;
                    }
                    // padded column k + lane holds source column k + lane − pad, where that lies in 0..w−1
                    var from = src + sr * w - pad;
                    for (var k = 0; k < stride; k += 16)
                    {
                        var column = lanes + Vector512.Create(k - pad);
                        var inside = Vector512.GreaterThanOrEqual(column, Vector512<int>.Zero) & Vector512.LessThan(column, Vector512.Create(w));
                        Avx512F.MaskLoad(from + k, inside.AsSingle(), zero).Store(row + k);
                    }
                }
        }
    }

    /// <summary>
    /// Forward or input-gradient direct convolution, one image per chunk from a shared counter.
    /// Weights are packed per block of eight outputs as (tap, 8) with tap = (in channel, kernel row,
    /// kernel column), zero past the last output.
    /// </summary>
    private sealed class DirectConvJob : IPartitionedJob
    {
        public float[] Source = null!;
        // null in a pooled forward pass, which writes Pooled instead
        public float[]? Output;
        // Forward: the workspace's padded x (kept for the weight gradient). Backward: null, per-part scratch.
        public float[]? Saved;
        // Pooled forward: the 2×2 maxima (through ReLU when Relu) and each window's winner, instead of Output.
        public float[]? Pooled;
        public byte[]? Winners;
        public bool Relu;
        private float[][] _scratch = [];
        private float[] _weights = [], _bias = [];
        // _accumulate: add into the output (the accumulating input gradient) instead of storing
        private bool _hasBias, _backward, _accumulate;
        private Conv2DGeometry _g;
        private PaddedLayout _in;
        private int _inChannels, _outChannels, _outH, _outW, _next;

        public bool Shared => true;

        public void Prepare(in Conv2DGeometry g, in PaddedLayout input, int inChannels, int outChannels, int outH, int outW, bool backward, bool accumulate)
        {
            _g = g; _in = input; _inChannels = inChannels; _outChannels = outChannels; _outH = outH; _outW = outW;
            _backward = backward; _accumulate = accumulate; _next = 0;
            Pooled = null; Winners = null; Relu = false;
        }

        public void EnsureScratch(int parts)
        {
            if (!_backward) return;
            var size = _in.Length(1, _inChannels);
            if (_scratch.Length < parts) Array.Resize(ref _scratch, parts);
            for (var p = 0; p < parts; p++)
                if (_scratch[p] is null || _scratch[p].Length < size) _scratch[p] = new float[size];
        }

        private int Taps => _inChannels * _g.KernelH * _g.KernelW;

        private float[] WeightBuffer()
        {
            var size = (_outChannels + 7) / 8 * 8 * Taps;
            if (_weights.Length < size) _weights = new float[size];
            Array.Clear(_weights, 0, size);
            return _weights;
        }

        /// <summary>packed[block][(c,y,x)][i] = w[8·block + i, c, y, x]; bias padded to the blocks.</summary>
        public void PackForward(float[] w, float[]? bias)
        {
            var packed = WeightBuffer();
            int taps = Taps, o = _outChannels;
            for (var oc = 0; oc < o; oc++)
                for (var t = 0; t < taps; t++)
                    packed[(oc / 8 * taps + t) * 8 + oc % 8] = w[oc * taps + t];
            _hasBias = bias is not null;
            if (bias is null) return;
            var padded = (o + 7) / 8 * 8;
            if (_bias.Length < padded) _bias = new float[padded];
            bias.AsSpan(0, o).CopyTo(_bias);
        }

        /// <summary>packed[block][(o,y,x)][i] = w[o, 8·block + i, KH−1−y, KW−1−x]: the flipped kernel with the channel axes swapped.</summary>
        public void PackBackward(float[] w)
        {
            var packed = WeightBuffer();
            // outputs here are x's channels, inputs dy's
            int c = _outChannels, o = _inChannels, kh = _g.KernelH, kw = _g.KernelW, taps = Taps;
            for (var ci = 0; ci < c; ci++)
                for (var oc = 0; oc < o; oc++)
                    for (var y = 0; y < kh; y++)
                        for (var x = 0; x < kw; x++)
                            packed[(ci / 8 * taps + (oc * kh + y) * kw + x) * 8 + ci % 8] = w[((oc * c + ci) * kh + kh - 1 - y) * kw + kw - 1 - x];
            _hasBias = false;
        }

        public unsafe void Run(int part, int parts)
        {
            int images = _g.Batch, inCh = _inChannels, outCh = _outChannels, oh = _outH, ow = _outW;
            int taps = Taps, sourceImage = inCh * _in.SourceH * _in.SourceW, outPlane = oh * ow;
            var padded = _backward ? _scratch[part] : Saved!;
            fixed (float* src = Source, dst = Output, pad = padded, wt = _weights, bias = _bias, pooled = Pooled)
            fixed (byte* winners = Winners)
                while (true)
                {
                    var n = Interlocked.Increment(ref _next) - 1;
                    if (n >= images) return;
                    var image = _backward ? pad : pad + n * _in.Image(inCh);
                    _in.Pad(src + n * sourceImage, inCh, image);
                    for (var o0 = 0; o0 < outCh; o0 += 8)
                    {
                        var init = _hasBias ? bias + o0 : null;
                        var wb = wt + o0 * taps;
                        var count = Math.Min(8, outCh - o0);
                        // one instantiation per store: the plain tile's code is not burdened by the pooling
                        if (pooled != null)
                        {
                            var pool = new PoolStore(pooled, winners, n * outCh + o0, oh / 2, ow / 2, Relu);
                            for (var r = 0; r < oh; r += 2)
                                Tile8x2(image, _in, inCh, _g.KernelH, _g.KernelW, wb, init, count, r, ow, pool);
                            continue;
                        }
                        var plain = new PlainStore(dst + (n * outCh + o0) * outPlane, outPlane, ow, _accumulate);
                        for (var r = 0; r < oh; r += 2)
                            Tile8x2(image, _in, inCh, _g.KernelH, _g.KernelW, wb, init, count, r, ow, plain with { Rows = Math.Min(2, oh - r) });
                    }
                }
        }
    }

    /// <summary>
    /// out[o0+i, r(+1), j..] = init[i] + Σ_taps wt[tap·8 + i] · in[c, r(+1) + y, j + x] for i below
    /// <paramref name="count"/>: 16 accumulators (eight outputs × two rows) per 16-column block, each tap
    /// two row loads and eight broadcasts for 16 FMAs, handed to <paramref name="store"/> two outputs at a
    /// time. With one row the second is computed and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile8x2<TStore>(float* input, in PaddedLayout l, int channels, int kh, int kw, float* wt, float* init,
        int count, int r, int ow, TStore store) where TStore : struct, ITileStore
    {
        nint stride = l.RowStride, plane = l.Plane;
        for (var j = 0; j < ow; j += 16)
        {
            var mask = TailMask(Math.Min(16, ow - j));
            Vector512<float> a0, a1, a2, a3, a4, a5, a6, a7;
            if (init != null)
            {
                a0 = Vector512.Create(init[0]); a1 = Vector512.Create(init[1]); a2 = Vector512.Create(init[2]); a3 = Vector512.Create(init[3]);
                a4 = Vector512.Create(init[4]); a5 = Vector512.Create(init[5]); a6 = Vector512.Create(init[6]); a7 = Vector512.Create(init[7]);
            }
            else a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = default;
            Vector512<float> b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
            var wp = wt;
            for (var c = 0; c < channels; c++)
            {
                var rp = input + c * plane + r * stride + j;
                for (var y = 0; y < kh; y++, rp += stride)
                    for (var x = 0; x < kw; x++, wp += 8)
                    {
                        var v0 = Vector512.Load(rp + x);
                        var v1 = Vector512.Load(rp + stride + x);
                        var s = Vector512.Create(wp[0]); a0 = Vector512.FusedMultiplyAdd(s, v0, a0); b0 = Vector512.FusedMultiplyAdd(s, v1, b0);
                        s = Vector512.Create(wp[1]); a1 = Vector512.FusedMultiplyAdd(s, v0, a1); b1 = Vector512.FusedMultiplyAdd(s, v1, b1);
                        s = Vector512.Create(wp[2]); a2 = Vector512.FusedMultiplyAdd(s, v0, a2); b2 = Vector512.FusedMultiplyAdd(s, v1, b2);
                        s = Vector512.Create(wp[3]); a3 = Vector512.FusedMultiplyAdd(s, v0, a3); b3 = Vector512.FusedMultiplyAdd(s, v1, b3);
                        s = Vector512.Create(wp[4]); a4 = Vector512.FusedMultiplyAdd(s, v0, a4); b4 = Vector512.FusedMultiplyAdd(s, v1, b4);
                        s = Vector512.Create(wp[5]); a5 = Vector512.FusedMultiplyAdd(s, v0, a5); b5 = Vector512.FusedMultiplyAdd(s, v1, b5);
                        s = Vector512.Create(wp[6]); a6 = Vector512.FusedMultiplyAdd(s, v0, a6); b6 = Vector512.FusedMultiplyAdd(s, v1, b6);
                        s = Vector512.Create(wp[7]); a7 = Vector512.FusedMultiplyAdd(s, v0, a7); b7 = Vector512.FusedMultiplyAdd(s, v1, b7);
                    }
            }
            if (!store.Pair(0, count, r, j, mask, a0, a1, b0, b1)) continue;
            if (!store.Pair(2, count, r, j, mask, a2, a3, b2, b3)) continue;
            if (!store.Pair(4, count, r, j, mask, a4, a5, b4, b5)) continue;
            store.Pair(6, count, r, j, mask, a6, a7, b6, b7);
        }
    }

    /// <summary>Where <see cref="Tile8x2"/> puts its accumulators (a struct: one instantiation each).</summary>
    private interface ITileStore
    {
        /// <summary>
        /// Outputs i and i + 1 of the block (those below <paramref name="count"/>): rows r (top) and r + 1
        /// (bottom) at columns j..j+15, of which <paramref name="mask"/> marks those inside the output.
        /// False when the block has no outputs past i + 1.
        /// </summary>
        bool Pair(int i, int count, int r, int j, Vector512<float> mask, Vector512<float> top0, Vector512<float> top1,
            Vector512<float> bottom0, Vector512<float> bottom1);
    }

    /// <summary>Planes of <paramref name="width"/>-wide rows from <paramref name="output"/>, stored or (accumulating) added to; <see cref="Rows"/> 1 drops the bottom row.</summary>
    private readonly unsafe struct PlainStore(float* output, int outPlane, int width, bool accumulate) : ITileStore
    {
        public int Rows { get; init; } = 2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Pair(int i, int count, int r, int j, Vector512<float> mask, Vector512<float> top0, Vector512<float> top1,
            Vector512<float> bottom0, Vector512<float> bottom1)
        {
            var o = output + i * outPlane + r * width + j;
            nint next = Rows == 2 ? width : -1; // -1: the second row is not stored
            Put(o, next, top0, bottom0, mask, accumulate);
            if (i + 1 >= count) return false;
            Put(o + outPlane, next, top1, bottom1, mask, accumulate);
            return i + 2 < count;
        }
    }

    /// <summary>
    /// A pooled forward pass's 2×2 maxima of one image's block of outputs: planes of
    /// <paramref name="height"/> × <paramref name="width"/> floats from plane <paramref name="firstPlane"/>,
    /// and each window's winner as <see cref="MaxPool2D(Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool)"/>
    /// records it (rows of 16-byte blocks, codes 0..3 in scan order, 4 where ReLU clipped the maximum). A
    /// tile's two rows are one row of windows, its 16 columns eight windows.
    /// </summary>
    private readonly unsafe struct PoolStore(float* pooled, byte* winners, int firstPlane, int height, int width, bool relu) : ITileStore
    {
        /// <summary>The windows of both outputs, one per half of each vector (<see cref="Windows2x2"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Pair(int i, int count, int r, int j, Vector512<float> mask, Vector512<float> top0, Vector512<float> top1,
            Vector512<float> bottom0, Vector512<float> bottom1)
        {
            // lanes 0..7: output i's windows, 8..15: output i + 1's
            var best = Windows2x2(top0, top1, bottom0, bottom1, relu, out var code);
            int row = r / 2, col = j / 2, columns = Math.Min(8, width - col), winRow = PoolWorkspace.WinnerRow(width);
            nint planeFloats = (nint)height * width, planeBytes = (nint)height * winRow;
            var at = pooled + ((nint)(firstPlane + i) * height + row) * width + col;
            var winAt = winners + ((nint)(firstPlane + i) * height + row) * winRow + col;
            var codes = Avx512F.ConvertToVector128Byte(code).AsUInt64();
            Avx512F.MaskStore(at, TailMask(columns), best);
            *(ulong*)winAt = codes.GetElement(0);
            if (i + 1 >= count) return false;
            // the upper half, stored from 8 floats before the next plane's row so that lane 8 lands on its column
            Avx512F.MaskStore(at + planeFloats - 8, TailMask(8 + columns) & ~TailMask(8), best);
            *(ulong*)(winAt + planeBytes) = codes.GetElement(1);
            return i + 2 < count;
        }
    }

    /// <summary>Stores (or adds) <paramref name="first"/> at p and, when <paramref name="next"/> ≥ 0, <paramref name="second"/> at p + next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Put(float* p, nint next, Vector512<float> first, Vector512<float> second, Vector512<float> mask, bool accumulate)
    {
        if (accumulate) first += Avx512F.MaskLoad(p, mask, default);
        Avx512F.MaskStore(p, mask, first);
        if (next < 0) return;
        if (accumulate) second += Avx512F.MaskLoad(p + next, mask, default);
        Avx512F.MaskStore(p + next, mask, second);
    }
}
