using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    /// <remarks>
    /// Trailing axes that stay in place form one contiguous block, copied with one span copy; an
    /// odometer walks the moved outer axes without a division per element. The convolution's
    /// (O,N,P)↔(N,O,P) reorder is whole rows of P floats.
    /// </remarks>
    public override void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        var rank = perm.Length;
        var xs = x.Shape;
        var xv = D(x);
        var yv = D(y);
        var j = rank;
        while (j > 0 && perm[j - 1] == j - 1) j--;
        if (j == 0)
        {
            xv.CopyTo(yv);
            return;
        }
        Span<int> xStride = stackalloc int[Shape.MaxRank];
        for (int k = rank - 1, s = 1; k >= 0; k--)
        {
            xStride[k] = s;
            s *= xs[k];
        }
        var block = 1;
        for (var k = j; k < rank; k++) block *= xs[k];
        // Outer axes of y, 0..j-1: their sizes and strides in x.
        Span<int> dims = stackalloc int[Shape.MaxRank];
        Span<int> strides = stackalloc int[Shape.MaxRank];
        Span<int> counter = stackalloc int[Shape.MaxRank];
        for (var a = 0; a < j; a++)
        {
            dims[a] = xs[perm[a]];
            strides[a] = xStride[perm[a]];
            counter[a] = 0;
        }
        var outer = block == 0 ? 0 : yv.Length / block;
        var src = 0;
        for (var o = 0; o < outer; o++)
        {
            if (block == 1) yv[o] = xv[src];
            else xv.Slice(src, block).CopyTo(yv.Slice(o * block, block));
            for (var a = j - 1; a >= 0; a--)
            {
                src += strides[a];
                if (++counter[a] < dims[a]) break;
                src -= strides[a] * dims[a];
                counter[a] = 0;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stride 1: each output row is one run of the input row, zeros where the window hangs over the
    /// padding (with AVX-512 one masked load and store per 16 floats). Large batches are split by
    /// images across threads.
    /// </remarks>
    public override void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g)
    {
        if (g.StrideW != 1) { base.Im2Col(x, cols, g); return; }
        RunWindows(x, cols, g, fold: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Stride 1: each cols row run is added into the input row with one vector loop. Split by images
    /// across threads like <see cref="Im2Col"/>: an image's elements get their sums in the same order
    /// whichever thread runs it.
    /// </remarks>
    public override void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g)
    {
        if (g.StrideW != 1) { base.Col2Im(cols, dx, g); return; }
        RunWindows(dx, cols, g, fold: true);
    }

    /// <summary>cols elements (floats) from which im2col and col2im are split across threads.</summary>
    private const int ParallelWindowFloats = 1 << 16;

    private readonly WindowJob _windowJob = new();

    private void RunWindows(Tensor image, Tensor cols, in Conv2DGeometry g, bool fold)
    {
        if (image.Length != g.Batch * g.Channels * g.Height * g.Width || cols.Length != g.PatchSize * g.PatchCount)
            throw new ArgumentException($"{(fold ? "Col2Im" : "Im2Col")}: tensors {image.Shape} and {cols.Shape} do not fit {g}.");
        var job = _windowJob;
        job.Image = Host(image); job.Cols = Host(cols); job.G = g; job.Fold = fold;
        var parts = cols.Length < ParallelWindowFloats ? 1 : Math.Min(Threads, g.Batch);
        try
        {
            RunParts(job, parts);
        }
        finally { job.Image = job.Cols = null!; }
    }

    /// <summary>Im2col (or col2im when <see cref="Fold"/>) of a fixed range of images per part, stride 1 along rows.</summary>
    private sealed class WindowJob : IPartitionedJob
    {
        public float[] Image = null!, Cols = null!;
        public Conv2DGeometry G;
        public bool Fold;

        public unsafe void Run(int part, int parts)
        {
            int n0 = G.Batch * part / parts, n1 = G.Batch * (part + 1) / parts, pixels = G.OutHeight * G.OutWidth;
            fixed (float* image = Image, cols = Cols)
                for (var n = n0; n < n1; n++) Image1(image, n, cols + n * pixels, G.PatchCount, G, Fold);
        }

        /// <summary>
        /// Im2col of image n into the OH·OW columns at <paramref name="cols"/> (rows ldCols apart), or
        /// (fold) col2im of those columns added into image n. x is the whole batch.
        /// </summary>
        public static unsafe void Image1(float* x, int n, float* cols, int ldCols, in Conv2DGeometry g, bool fold)
        {
            int oh = g.OutHeight, ow = g.OutWidth;
            for (var c = 0; c < g.Channels; c++)
                for (var ky = 0; ky < g.KernelH; ky++)
                    for (var kx = 0; kx < g.KernelW; kx++)
                    {
                        var row = (c * g.KernelH + ky) * g.KernelW + kx;
                        // output columns lo..hi−1 read input columns lo−padW+kx.. (the rest is padding)
                        int lo = Math.Max(0, g.PadW - kx), hi = Math.Min(ow, g.Width + g.PadW - kx);
                        for (var oy = 0; oy < oh; oy++)
                        {
                            var run = cols + row * ldCols + oy * ow;
                            var iy = oy * g.StrideH - g.PadH + ky;
                            var inside = iy >= 0 && iy < g.Height;
                            // the input row shifted so that output column ox reads in[ox] (only lo..hi−1 are read)
                            var input = x + ((n * g.Channels + c) * g.Height + iy) * g.Width - g.PadW + kx;
                            if (!fold) CopyRun(inside ? input : null, run, ow, lo, hi);
                            else if (inside) AddRun(run, input, ow, lo, hi);
                        }
                    }
        }

        /// <summary>dst[ox] = src[ox] for lo ≤ ox &lt; hi, else 0, ox &lt; ow; src null: all zero.</summary>
        private static unsafe void CopyRun(float* src, float* dst, int ow, int lo, int hi)
        {
            if (src == null) hi = lo;
            if (Avx512F.IsSupported)
            {
                if (hi <= lo)
                {
                    for (var ox = 0; ox < ow; ox += 16) Avx512F.MaskStore(dst + ox, TailMask(Math.Min(16, ow - ox)), Vector512<float>.Zero);
                    return;
                }
                for (var ox = 0; ox < ow; ox += 16)
                {
                    var valid = LanesIn(ox, lo, hi);
                    Avx512F.MaskStore(dst + ox, TailMask(Math.Min(16, ow - ox)), Avx512F.MaskLoad(src + ox, valid, default));
                }
                return;
            }
            var d = new Span<float>(dst, ow);
            if (hi <= lo) { d.Clear(); return; }
            d[..lo].Clear();
            new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(d[lo..hi]);
            d[hi..].Clear();
        }

        /// <summary>A mask of the 16 lanes ox..ox+15 that lie in lo..hi−1.</summary>
        private static Vector512<float> LanesIn(int ox, int lo, int hi)
        {
            var lanes = Vector512<int>.Indices + Vector512.Create(ox);
            return (Vector512.GreaterThanOrEqual(lanes, Vector512.Create(lo)) & Vector512.LessThan(lanes, Vector512.Create(hi))).AsSingle();
        }

        /// <summary>dst[ox] += src[ox] for lo ≤ ox &lt; hi.</summary>
        private static unsafe void AddRun(float* src, float* dst, int ow, int lo, int hi)
        {
            if (hi <= lo) return;
            if (Avx512F.IsSupported)
            {
                for (var ox = lo / 16 * 16; ox < hi; ox += 16)
                {
                    var valid = LanesIn(ox, lo, hi);
                    Avx512F.MaskStore(dst + ox, valid, Avx512F.MaskLoad(dst + ox, valid, default) + Avx512F.MaskLoad(src + ox, valid, default));
                }
                return;
            }
            var d = new Span<float>(dst + lo, hi - lo);
            CpuLoops.Zip<AddOp>(d, false, new ReadOnlySpan<float>(src + lo, hi - lo), false, d);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// 2×2 windows, stride 2, no padding: a tight loop with the reference's first-maximum rule, 16
    /// windows per vector with AVX-512 (the scalar loop's data-dependent branches mispredicted on
    /// ReLU outputs and made pooling the largest cost of the MNIST CNN's step).
    /// </remarks>
    public override void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        if (!IsPlain2x2(g)) { base.MaxPool2D(x, y, g); return; }
        if (Avx512F.IsSupported)
        {
            RunPool(x, y, null, null, g, overwrite: false, relu: false, winners: null, fromWinners: false);
            return;
        }
        var xv = D(x); var yv = D(y);
        int oh = g.OutHeight, ow = g.OutWidth;
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < oh; oy++)
            {
                var top = (plane * g.Height + 2 * oy) * g.Width;
                var bottom = top + g.Width;
                var dst = (plane * oh + oy) * ow;
                for (var ox = 0; ox < ow; ox++)
                    yv[dst + ox] = xv[First2x2Max(xv, top + 2 * ox, bottom + 2 * ox)];
            }
    }

    /// <inheritdoc />
    /// <remarks>
    /// 2×2/2 windows with AVX-512: one pass that applies ReLU to the maxima and records each window's
    /// winner in the workspace (a byte per output), so the backward pass reads neither x nor y.
    /// </remarks>
    public override void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g, PoolWorkspace workspace, bool relu)
    {
        if (!IsPlain2x2(g) || !Avx512F.IsSupported) { base.MaxPool2D(x, y, g, workspace, relu); return; }
        var winners = workspace.RecordWinners(g, relu);
        RunPool(x, y, null, null, g, overwrite: false, relu, winners, fromWinners: false);
    }

    /// <inheritdoc />
    public override void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g) =>
        MaxPool2DBackward(x, dy, dx, g, overwrite: false);

    /// <inheritdoc />
    /// <remarks>
    /// With AVX-512 and windows that cover the input (even height and width), overwriting stores each
    /// window's four values (dy at the winner, zeros elsewhere) without reading dx.
    /// </remarks>
    public override void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g, bool overwrite)
    {
        if (!IsPlain2x2(g)) { base.MaxPool2DBackward(x, dy, dx, g, overwrite); return; }
        if (Avx512F.IsSupported)
        {
            PoolBackward(x, dy, dx, g, overwrite, relu: false, winners: null);
            return;
        }
        if (overwrite) Fill(dx, 0f);
        var xv = D(x); var dyv = D(dy); var dxv = D(dx);
        int oh = g.OutHeight, ow = g.OutWidth;
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < oh; oy++)
            {
                var top = (plane * g.Height + 2 * oy) * g.Width;
                var bottom = top + g.Width;
                var src = (plane * oh + oy) * ow;
                for (var ox = 0; ox < ow; ox++)
                    dxv[First2x2Max(xv, top + 2 * ox, bottom + 2 * ox)] += dyv[src + ox];
            }
    }

    /// <inheritdoc />
    /// <remarks>
    /// 2×2/2 windows with AVX-512: the winners the forward pass recorded route dy (x is read only when the
    /// workspace holds none for this geometry), with the overwriting stores of the plain overload.
    /// </remarks>
    public override void MaxPool2DBackward(Tensor? x, Tensor y, Tensor dy, Tensor dx, in Conv2DGeometry g, PoolWorkspace workspace, bool relu, bool overwrite)
    {
        if (!IsPlain2x2(g) || !Avx512F.IsSupported) { base.MaxPool2DBackward(x, y, dy, dx, g, workspace, relu, overwrite); return; }
        var winners = workspace.Recorded(g, relu);
        if (winners is null && x is null) throw PoolWorkspace.MissingSource(g);
        PoolBackward(x, dy, dx, g, overwrite, relu, winners);
    }

    private void PoolBackward(Tensor? x, Tensor dy, Tensor dx, in Conv2DGeometry g, bool overwrite, bool relu, byte[]? winners)
    {
        // windows that leave a row or column out store nothing there: zero first, then add
        if (overwrite && (g.Height % 2 != 0 || g.Width % 2 != 0)) { Fill(dx, 0f); overwrite = false; }
        RunPool(x, null, dy, dx, g, overwrite, relu, winners, fromWinners: winners is not null);
    }

    private readonly PoolJob _poolJob = new();

    /// <summary>2×2/2 max pooling forward (y) or backward (dy, dx) on the AVX-512 path, planes split across threads in fixed ranges.</summary>
    private void RunPool(Tensor? x, Tensor? y, Tensor? dy, Tensor? dx, in Conv2DGeometry g, bool overwrite, bool relu, byte[]? winners, bool fromWinners)
    {
        var backward = dx is not null;
        int planes = g.Batch * g.Channels, inputs = planes * g.Height * g.Width, outputs = planes * g.OutHeight * g.OutWidth;
        // x is read unless the winners come from the record
        if ((!fromWinners && (x is null || x.Length < inputs)) || (backward ? dy!.Length < outputs || dx!.Length < inputs : y!.Length < outputs))
            throw new ArgumentException($"MaxPool2D: tensors {x?.Shape.ToString() ?? "(no x)"} and {(backward ? dy!.Shape : y!.Shape)} do not fit {g}.");
        var job = _poolJob;
        job.X = x is null ? null : Host(x); job.Y = y is null ? null : Host(y); job.Dy = dy is null ? null : Host(dy); job.Dx = dx is null ? null : Host(dx);
        job.Winners = winners; job.G = g; job.Overwrite = overwrite; job.Relu = relu; job.FromWinners = fromWinners;
        // ~32 operations per input element in the backward pass (loads, permutes, compares, masked stores)
        var parts = Math.Min(PartsFor(32.0 * inputs), planes);
        try
        {
            RunParts(job, parts);
        }
        finally { job.X = job.Y = job.Dy = job.Dx = null; job.Winners = null; }
    }

    private sealed class PoolJob : IPartitionedJob
    {
        // X: null when the winners come from a record
        public float[]? X, Y, Dy, Dx;
        public byte[]? Winners;
        public Conv2DGeometry G;
        public bool Overwrite, Relu, FromWinners;

        public unsafe void Run(int part, int parts)
        {
            int planes = G.Batch * G.Channels;
            fixed (float* px = X, py = Y, pdy = Dy, pdx = Dx)
            fixed (byte* win = Winners)
                MaxPool2x2Avx512(px, py, pdy, pdx, win, G, planes * part / parts, planes * (part + 1) / parts, this);
        }
    }

    /// <summary>
    /// 2×2/2 max pooling of planes p0..p1−1, 16 windows of one output row per step: the two input rows are loaded as 32
    /// floats each and split into even and odd columns, so the four window positions are four vectors.
    /// The first maximum is picked with strict greater-than selects in the reference's scan order, so the
    /// values, the winners, ties and NaNs all match the scalar loop. A window's winner is a code: its
    /// position 0..3 in scan order, or 4 when ReLU clipped the maximum (not positive, or NaN), which routes
    /// no gradient. Forward writes y (and the codes, when <paramref name="win"/> is given); backward takes the
    /// codes from <paramref name="win"/> or recomputes them from x, and adds dy into dx at each window's
    /// winner only (a masked store: the other positions are not touched, not even by adding zero, which
    /// would turn a −0 into +0).
    /// </summary>
    private static unsafe void MaxPool2x2Avx512(float* px, float* py, float* pdy, float* pdx, byte* win, in Conv2DGeometry g, int p0, int p1, PoolJob job)
    {
        int oh = g.OutHeight, ow = g.OutWidth, w = g.Width, winRow = PoolWorkspace.WinnerRow(g.OutWidth);
        bool backward = pdx != null, relu = job.Relu, overwrite = job.Overwrite, fromWinners = job.FromWinners;
        var interleaveLo = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        var interleaveHi = interleaveLo + Vector512.Create(8);
        Vector512<int> one = Vector512<int>.One, two = Vector512.Create(2), three = Vector512.Create(3);
        for (var plane = p0; plane < p1; plane++)
            for (var oy = 0; oy < oh; oy++)
            {
                var topRow = (plane * g.Height + 2 * oy) * w;
                var outRow = (plane * oh + oy) * ow;
                var codes = win + (plane * oh + oy) * winRow;
                for (var ox = 0; ox < ow; ox += 16)
                {
                    var count = Math.Min(16, ow - ox);
                    var outMask = TailMask(count);
                    var loMask = TailMask(Math.Min(16, 2 * count));
                    var hiMask = count > 8 ? TailMask(2 * count - 16) : Vector512<float>.Zero;
                    Vector512<int> code;
                    if (fromWinners) code = Avx512F.ConvertToVector512Int32(Vector128.Load(codes + ox));
                    else
                    {
                        var top = px + topRow + 2 * ox;
                        var bottom = top + w;
                        Vector512<float> tLo = Avx512F.MaskLoad(top, loMask, default), tHi = Avx512F.MaskLoad(top + 16, hiMask, default);
                        Vector512<float> bLo = Avx512F.MaskLoad(bottom, loMask, default), bHi = Avx512F.MaskLoad(bottom + 16, hiMask, default);
                        var best = Windows2x2(tLo, tHi, bLo, bHi, relu, out code);
                        if (!backward)
                        {
                            Avx512F.MaskStore(py + outRow + ox, outMask, best);
                            if (win != null) Avx512F.ConvertToVector128Byte(code).Store(codes + ox);
                            continue;
                        }
                    }
                    var d = Avx512F.MaskLoad(pdy + outRow + ox, outMask, default);
                    var dxTop = pdx + topRow + 2 * ox;
                    AtWinners(dxTop, Vector512.Equals(code, Vector512<int>.Zero).AsSingle(), Vector512.Equals(code, one).AsSingle(), d,
                        loMask, hiMask, interleaveLo, interleaveHi, overwrite);
                    AtWinners(dxTop + w, Vector512.Equals(code, two).AsSingle(), Vector512.Equals(code, three).AsSingle(), d,
                        loMask, hiMask, interleaveLo, interleaveHi, overwrite);
                }
            }
    }

    /// <summary>
    /// 16 windows of 2×2 from two rows of 32 floats, (topLo, topHi) over (bottomLo, bottomHi), column pairs
    /// side by side: each window's first maximum in the reference's scan order (0,0), (0,1), (1,0), (1,1)
    /// (a later value wins only if greater, so ties and NaNs go as in the scalar loop), through ReLU when
    /// <paramref name="relu"/> is set, and its position as a code 0..3, or 4 where ReLU clipped it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Windows2x2(Vector512<float> topLo, Vector512<float> topHi, Vector512<float> bottomLo, Vector512<float> bottomHi,
        bool relu, out Vector512<int> code)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var v0 = Avx512F.PermuteVar16x32x2(topLo, even, topHi);
        var v1 = Avx512F.PermuteVar16x32x2(topLo, odd, topHi);
        var v2 = Avx512F.PermuteVar16x32x2(bottomLo, even, bottomHi);
        var v3 = Avx512F.PermuteVar16x32x2(bottomLo, odd, bottomHi);
        var m1 = Vector512.GreaterThan(v1, v0);
        var best = Vector512.ConditionalSelect(m1, v1, v0);
        var m2 = Vector512.GreaterThan(v2, best);
        best = Vector512.ConditionalSelect(m2, v2, best);
        var m3 = Vector512.GreaterThan(v3, best);
        best = Vector512.ConditionalSelect(m3, v3, best);
        // the winner is the last position whose test passed, or (0,0) when none did
        code = Vector512.ConditionalSelect(m3.AsInt32(), Vector512.Create(3),
            Vector512.ConditionalSelect(m2.AsInt32(), Vector512.Create(2), m1.AsInt32() & Vector512<int>.One));
        if (!relu) return best;
        var positive = Vector512.GreaterThan(best, Vector512<float>.Zero);
        code = Vector512.ConditionalSelect(positive.AsInt32(), code, Vector512.Create(4));
        return best & positive;
    }

    /// <summary>
    /// dx[2i] += d[i] where evenWins, dx[2i+1] += d[i] where oddWins, for the 32 floats at dx (masked to
    /// the row); with <paramref name="overwrite"/> the 32 floats are stored: d at the winners, 0 elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AtWinners(float* dx, Vector512<float> evenWins, Vector512<float> oddWins, Vector512<float> d,
        Vector512<float> loMask, Vector512<float> hiMask, Vector512<int> interleaveLo, Vector512<int> interleaveHi, bool overwrite)
    {
        var winsLo = Avx512F.PermuteVar16x32x2(evenWins, interleaveLo, oddWins);
        var winsHi = Avx512F.PermuteVar16x32x2(evenWins, interleaveHi, oddWins);
        var dLo = Avx512F.PermuteVar16x32x2(d, interleaveLo, d);
        var dHi = Avx512F.PermuteVar16x32x2(d, interleaveHi, d);
        if (overwrite)
        {
            Avx512F.MaskStore(dx, loMask, winsLo & dLo);
            Avx512F.MaskStore(dx + 16, hiMask, winsHi & dHi);
            return;
        }
        winsLo &= loMask;
        winsHi &= hiMask;
        Avx512F.MaskStore(dx, winsLo, Avx512F.MaskLoad(dx, winsLo, default) + dLo);
        Avx512F.MaskStore(dx + 16, winsHi, Avx512F.MaskLoad(dx + 16, winsHi, default) + dHi);
    }

    private static bool IsPlain2x2(in Conv2DGeometry g) =>
        g.KernelH == 2 && g.KernelW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadH == 0 && g.PadW == 0;

    // Window order as the reference scans it: (0,0), (0,1), (1,0), (1,1); a later value wins only if greater.
    private static int First2x2Max(ReadOnlySpan<float> x, int top, int bottom)
    {
        var best = top;
        if (x[top + 1] > x[best]) best = top + 1;
        if (x[bottom] > x[best]) best = bottom;
        if (x[bottom + 1] > x[best]) best = bottom + 1;
        return best;
    }
}
