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
    private readonly ConvWeightsJob _convWeights = new();

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
        var o = w.Shape[0];
        CheckConv("Conv2DForward", x, w, y, g);
        if (bias is not null && bias.Length != o) throw new ArgumentException($"Conv2DForward: bias {bias.Shape} does not fit {o} output channels.");
        var input = PaddedLayout.ForInput(g);
        var job = _directConv;
        job.Source = Host(x); job.Output = Host(y);
        job.Saved = Host(workspace.Saved(x.Backend, input.Length(g.Batch, g.Channels)));
        job.Prepare(g, input, inChannels: g.Channels, outChannels: o, outH: g.OutHeight, outW: g.OutWidth, backward: false, accumulate: false);
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

    /// <inheritdoc />
    /// <remarks>
    /// From the padded x kept by the direct forward pass. Work items are (four output channels, one input
    /// channel, one kernel row), split across threads in fixed ranges and walked a few images at a time
    /// (as many as keep an item's dy in ~16 KB); each weight gradient is one sum per lane over (chunk of
    /// images, 16-column strip, image, row) in that order, reduced across lanes at the end, so the bits
    /// do not depend on the thread count.
    /// </remarks>
    public override void Conv2DBackwardWeights(Tensor dy, Tensor? dw, float betaW, Tensor? db, float betaB, Conv2DWorkspace workspace, in Conv2DGeometry g)
    {
        if (!Direct(g)) { base.Conv2DBackwardWeights(dy, dw, betaW, db, betaB, workspace, g); return; }
        if (dw is null && db is null) return;
        if (dy.Rank != 4 || dy.Length != g.Batch * dy.Shape[1] * g.OutHeight * g.OutWidth)
            throw new ArgumentException($"Conv2DBackwardWeights: dy {dy.Shape} does not fit {g}.");
        var o = dy.Shape[1];
        if (dw is not null && dw.Length != o * g.PatchSize)
            throw new ArgumentException($"Conv2DBackwardWeights: dw {dw.Shape} does not fit {o} output channels of {g}.");
        if (db is not null && db.Length != o)
            throw new ArgumentException($"Conv2DBackwardWeights: db {db.Shape} does not fit {o} output channels.");
        var input = PaddedLayout.ForInput(g);
        var saved = workspace.Saved(dy.Backend, input.Length(g.Batch, g.Channels));
        var job = _convWeights;
        job.Dy = Host(dy); job.X = Host(saved); job.Dw = dw is null ? null : Host(dw); job.Db = db is null ? null : Host(db);
        job.BetaW = betaW; job.BetaB = betaB; job.G = g; job.O = o; job.In = input;
        var parts = Math.Min(PartsFor(2.0 * o * g.PatchSize * g.PatchCount), job.Items);
        job.Prepare(parts);
        try
        {
            if (parts <= 1) job.Run(0, 1);
            else Workers.Run(job, parts);
        }
        finally { job.Dy = job.X = null!; job.Dw = job.Db = null; }
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
            if (parts <= 1) job.Run(0, 1);
            else Workers.Run(job, parts);
        }
        finally { job.Source = job.Output = null!; job.Saved = null; }
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

        /// <summary>Copies <paramref name="channels"/> planes of SourceH×SourceW floats into padded planes.</summary>
        public unsafe void Pad(float* src, int channels, float* dst)
        {
            int h = SourceH, w = SourceW, stride = RowStride;
            for (var c = 0; c < channels; c++, src += h * w)
                for (var r = 0; r < Rows; r++)
                {
                    var row = dst + (c * Rows + r) * stride;
                    var sr = r - PadH;
                    if ((uint)sr >= (uint)h) { new Span<float>(row, stride).Clear(); continue; }
                    new Span<float>(row, PadW).Clear();
                    new ReadOnlySpan<float>(src + sr * w, w).CopyTo(new Span<float>(row + PadW, w));
                    new Span<float>(row + PadW + w, stride - PadW - w).Clear();
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
        public float[] Source = null!, Output = null!;
        // Forward: the workspace's padded x (kept for the weight gradient). Backward: null, per-part scratch.
        public float[]? Saved;
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
            fixed (float* src = Source, dst = Output, pad = padded, wt = _weights, bias = _bias)
                while (true)
                {
                    var n = Interlocked.Increment(ref _next) - 1;
                    if (n >= images) return;
                    var image = _backward ? pad : pad + n * _in.Image(inCh);
                    _in.Pad(src + n * sourceImage, inCh, image);
                    var output = dst + n * outCh * outPlane;
                    for (var o0 = 0; o0 < outCh; o0 += 8)
                    {
                        var init = _hasBias ? bias + o0 : null;
                        var wb = wt + o0 * taps;
                        var count = Math.Min(8, outCh - o0);
                        for (var r = 0; r < oh; r += 2)
                            Tile8x2(image, _in, inCh, _g.KernelH, _g.KernelW, wb, init, output + o0 * outPlane, outPlane, count, r, Math.Min(2, oh - r), ow, _accumulate);
                    }
                }
        }
    }

    /// <summary>
    /// out[o0+i, r(+1), j..] (+)= init[i] + Σ_taps wt[tap·8 + i] · in[c, r(+1) + y, j + x] for i below
    /// <paramref name="count"/>: 16 accumulators (eight outputs × two rows) per 16-column block, each tap
    /// two row loads and eight broadcasts for 16 FMAs. With one row the second is computed and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile8x2(float* input, in PaddedLayout l, int channels, int kh, int kw, float* wt, float* init,
        float* output, int outPlane, int count, int r, int rows, int ow, bool accumulate)
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
            var o = output + r * ow + j;
            nint next = rows == 2 ? ow : -1; // -1: the second row is not stored
            Put(o, next, a0, b0, mask, accumulate); if (count == 1) continue; o += outPlane;
            Put(o, next, a1, b1, mask, accumulate); if (count == 2) continue; o += outPlane;
            Put(o, next, a2, b2, mask, accumulate); if (count == 3) continue; o += outPlane;
            Put(o, next, a3, b3, mask, accumulate); if (count == 4) continue; o += outPlane;
            Put(o, next, a4, b4, mask, accumulate); if (count == 5) continue; o += outPlane;
            Put(o, next, a5, b5, mask, accumulate); if (count == 6) continue; o += outPlane;
            Put(o, next, a6, b6, mask, accumulate); if (count == 7) continue; o += outPlane;
            Put(o, next, a7, b7, mask, accumulate);
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

    /// <summary>
    /// dw[o, c, y, x] = betaW·dw + Σ_n Σ_r Σ_j dy[n, o, r, j] · xpad[n, c, r + y, j + x] and db[o] = betaB·db +
    /// Σ dy[n, o]. An item is four output channels (the last block repeats its last channel, dropped), one
    /// input channel and one kernel row; it walks dy and x once per four kernel columns with 16 vector
    /// accumulators: four dy and four shifted x loads per 16 FMAs (three and 12 for a 3-wide rest, a 3×3
    /// kernel's row). Each lane sums over (chunk of images, 16-column strip, image, row) in order; the
    /// lanes are added at the end.
    /// </summary>
    private sealed class ConvWeightsJob : IPartitionedJob
    {
        public float[] Dy = null!, X = null!;
        public float[]? Dw, Db;
        public float BetaW, BetaB;
        public Conv2DGeometry G;
        public PaddedLayout In;
        public int O;

        // Images per pass: while the items of a part walk a chunk, an item's four dy channels (~16 KB) stay
        // in L1 for its kernel rows and the chunk in L2 (walking the whole batch per item streamed ~26 MB
        // from L3 for the MNIST CNN's second layer).
        private int ChunkImages => Math.Clamp(ChunkBytes / (4 * sizeof(float) * G.OutHeight * G.OutWidth), 1, 8);
        private const int ChunkBytes = 16 * 1024;

        // Per part: 16 vector sums per (item, block of four kernel columns), kept between chunks.
        private float[][] _sums = [];

        public int Items => (O + 3) / 4 * G.Channels * G.KernelH;

        private int ColumnBlocks => (G.KernelW + 3) / 4;

        public unsafe void Run(int part, int parts)
        {
            var g = G;
            int items = Items, i0 = items * part / parts, i1 = items * (part + 1) / parts, perBlock = g.Channels * g.KernelH;
            int blocks = ColumnBlocks, oh = g.OutHeight, strips = (g.OutWidth + 15) / 16, perStrip = g.Batch * oh;
            var sumsLength = (i1 - i0) * blocks * 256;
            Array.Clear(_sums[part], 0, sumsLength);
            fixed (float* dy = Dy, x = X, dw = Dw, db = Db, sums = _sums[part])
            {
                if (dw != null)
                {
                    for (var n0 = 0; n0 < g.Batch; n0 += ChunkImages)
                    {
                        var n1 = Math.Min(g.Batch, n0 + ChunkImages);
                        for (var item = i0; item < i1; item++)
                        {
                            int o0 = item / perBlock * 4, c = item % perBlock / g.KernelH, y = item % g.KernelH;
                            for (var b = 0; b < blocks; b++)
                            {
                                var acc = sums + ((item - i0) * blocks + b) * 256;
                                for (var s = 0; s < strips; s++)
                                {
                                    // one strip's rows share the lane mask; the chunk's images are consecutive entries
                                    int e0 = s * perStrip + n0 * oh, e1 = s * perStrip + n1 * oh;
                                    var mask = TailMask(Math.Min(16, g.OutWidth - 16 * s));
                                    // a 3-wide rest (a 3x3 kernel's whole row) skips the fourth column's FMAs
                                    if (g.KernelW - 4 * b == 3) WeightBlock<Three>(dy, x, acc, o0, c, y, 4 * b, e0, e1, mask);
                                    else WeightBlock<Four>(dy, x, acc, o0, c, y, 4 * b, e0, e1, mask);
                                }
                            }
                        }
                    }
                    for (var item = i0; item < i1; item++)
                        for (var b = 0; b < blocks; b++)
                            WriteWeights(sums + ((item - i0) * blocks + b) * 256, dw, item / perBlock * 4, item % perBlock / g.KernelH, item % g.KernelH, 4 * b);
                }
                if (db != null)
                    for (var item = i0; item < i1; item++)
                        if (item % perBlock == 0) BiasBlock(dy, db, item / perBlock * 4);
            }
        }

        // One entry per (16-column strip, image, output row), in that order: dy's offset from (image 0, channel
        // o0) and x's from (image 0, channel c, kernel row y, column x0). A flat loop over them keeps the 16
        // accumulators in registers (nested image/row/column loops made the JIT spill them per row), and a
        // strip's entries share one lane mask, made once outside the loop.
        private int[] _dyAt = [], _xAt = [];
        private int _entries;

        /// <summary>Builds the entry table for this call's geometry and each part's sums.</summary>
        public void Prepare(int parts)
        {
            var g = G;
            int oh = g.OutHeight, ow = g.OutWidth, blocks = (ow + 15) / 16;
            _entries = g.Batch * oh * blocks;
            if (_dyAt.Length < _entries) { _dyAt = new int[_entries]; _xAt = new int[_entries]; }
            var e = 0;
            for (var j = 0; j < ow; j += 16)
                for (var n = 0; n < g.Batch; n++)
                    for (var r = 0; r < oh; r++, e++)
                    {
                        _dyAt[e] = (n * O * oh + r) * ow + j;
                        _xAt[e] = n * In.Image(g.Channels) + r * In.RowStride + j;
                    }
            if (_sums.Length < parts) Array.Resize(ref _sums, parts);
            var size = ((Items + parts - 1) / parts + 1) * ColumnBlocks * 256;
            for (var p = 0; p < parts; p++)
                if (_sums[p] is null || _sums[p].Length < size) _sums[p] = new float[size];
        }

        /// <summary>Adds entries e0..e1−1 (one strip's, lanes in <paramref name="mask"/>) to the 16 vector sums at <paramref name="acc"/> (four output channels × four kernel columns).</summary>
        private unsafe void WeightBlock<TColumns>(float* dy, float* xs, float* acc, int o0, int c, int y, int x0, int e0, int e1, Vector512<float> mask)
            where TColumns : struct, IColumns
        {
            var g = G;
            int o = O, outPlane = g.OutHeight * g.OutWidth;
            nint d1 = Math.Min(1, o - 1 - o0) * outPlane, d2 = Math.Min(2, o - 1 - o0) * outPlane, d3 = Math.Min(3, o - 1 - o0) * outPlane;
            var dBase = dy + (nint)o0 * outPlane;
            var xBase = xs + (nint)c * In.Plane + y * In.RowStride + x0;
            Vector512<float> a00 = Vector512.Load(acc), a01 = Vector512.Load(acc + 16), a02 = Vector512.Load(acc + 32), a03 = Vector512.Load(acc + 48);
            Vector512<float> a10 = Vector512.Load(acc + 64), a11 = Vector512.Load(acc + 80), a12 = Vector512.Load(acc + 96), a13 = Vector512.Load(acc + 112);
            Vector512<float> a20 = Vector512.Load(acc + 128), a21 = Vector512.Load(acc + 144), a22 = Vector512.Load(acc + 160), a23 = Vector512.Load(acc + 176);
            Vector512<float> a30 = Vector512.Load(acc + 192), a31 = Vector512.Load(acc + 208), a32 = Vector512.Load(acc + 224), a33 = Vector512.Load(acc + 240);
            fixed (int* dyAt = _dyAt, xAt = _xAt)
                for (var t = e0; t < e1; t++)
                {
                    var dn = dBase + dyAt[t];
                    var xn = xBase + xAt[t];
                    var f0 = Avx512F.MaskLoad(dn, mask, default); var f1 = Avx512F.MaskLoad(dn + d1, mask, default);
                    var f2 = Avx512F.MaskLoad(dn + d2, mask, default); var f3 = Avx512F.MaskLoad(dn + d3, mask, default);
                    // x masked too: past the output width dy is 0, and 0 · Inf would be NaN
                    var v = Avx512F.MaskLoad(xn, mask, default);
                    a00 = Vector512.FusedMultiplyAdd(f0, v, a00); a10 = Vector512.FusedMultiplyAdd(f1, v, a10);
                    a20 = Vector512.FusedMultiplyAdd(f2, v, a20); a30 = Vector512.FusedMultiplyAdd(f3, v, a30);
                    v = Avx512F.MaskLoad(xn + 1, mask, default);
                    a01 = Vector512.FusedMultiplyAdd(f0, v, a01); a11 = Vector512.FusedMultiplyAdd(f1, v, a11);
                    a21 = Vector512.FusedMultiplyAdd(f2, v, a21); a31 = Vector512.FusedMultiplyAdd(f3, v, a31);
                    v = Avx512F.MaskLoad(xn + 2, mask, default);
                    a02 = Vector512.FusedMultiplyAdd(f0, v, a02); a12 = Vector512.FusedMultiplyAdd(f1, v, a12);
                    a22 = Vector512.FusedMultiplyAdd(f2, v, a22); a32 = Vector512.FusedMultiplyAdd(f3, v, a32);
                    if (TColumns.Count == 3) continue; // a constant per instantiation: the JIT drops the branch and the column
                    v = Avx512F.MaskLoad(xn + 3, mask, default);
                    a03 = Vector512.FusedMultiplyAdd(f0, v, a03); a13 = Vector512.FusedMultiplyAdd(f1, v, a13);
                    a23 = Vector512.FusedMultiplyAdd(f2, v, a23); a33 = Vector512.FusedMultiplyAdd(f3, v, a33);
                }
            a00.Store(acc); a01.Store(acc + 16); a02.Store(acc + 32); a03.Store(acc + 48);
            a10.Store(acc + 64); a11.Store(acc + 80); a12.Store(acc + 96); a13.Store(acc + 112);
            a20.Store(acc + 128); a21.Store(acc + 144); a22.Store(acc + 160); a23.Store(acc + 176);
            a30.Store(acc + 192); a31.Store(acc + 208); a32.Store(acc + 224); a33.Store(acc + 240);
        }

        /// <summary>dw[o0 + i, c, y, x0 + k] from the vector sums: the repeated channels of the last block and the columns past the kernel dropped.</summary>
        private unsafe void WriteWeights(float* acc, float* dw, int o0, int c, int y, int x0)
        {
            var g = G;
            int outputs = Math.Min(4, O - o0), width = Math.Min(4, g.KernelW - x0);
            for (var i = 0; i < outputs; i++)
            {
                var row = dw + (((o0 + i) * g.Channels + c) * g.KernelH + y) * g.KernelW + x0;
                for (var k = 0; k < width; k++)
                {
                    var sum = Vector512.Sum(Vector512.Load(acc + (4 * i + k) * 16));
                    row[k] = BetaW == 0f ? sum : BetaW * row[k] + sum;
                }
            }
        }

        /// <summary>db[o0..o0+3] from dy's planes: whole vectors, then one masked tail per plane.</summary>
        private unsafe void BiasBlock(float* dy, float* db, int o0)
        {
            var g = G;
            int outPlane = g.OutHeight * g.OutWidth, whole = outPlane / 16 * 16;
            var tail = outPlane > whole ? TailMask(outPlane - whole) : Vector512<float>.Zero;
            for (var oc = o0; oc < Math.Min(O, o0 + 4); oc++)
            {
                var acc = Vector512<float>.Zero;
                for (var n = 0; n < g.Batch; n++)
                {
                    var plane = dy + ((nint)n * O + oc) * outPlane;
                    for (var p = 0; p < whole; p += 16) acc += Vector512.Load(plane + p);
                    acc += Avx512F.MaskLoad(plane + whole, tail, default);
                }
                var sum = Vector512.Sum(acc);
                db[oc] = BetaB == 0f ? sum : BetaB * db[oc] + sum;
            }
        }
    }

    /// <summary>Kernel columns a weight-gradient block computes (a static constant per instantiation).</summary>
    private interface IColumns
    {
        static abstract int Count { get; }
    }

    private readonly struct Three : IColumns
    {
        public static int Count => 3;
    }

    private readonly struct Four : IColumns
    {
        public static int Count => 4;
    }
}
