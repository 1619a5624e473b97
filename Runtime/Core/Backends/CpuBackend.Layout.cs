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
    /// <remarks>Stride 1: each output row is one span copy from the input row, zeros where the window hangs over the padding.</remarks>
    public override void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g)
    {
        if (g.StrideW != 1) { base.Im2Col(x, cols, g); return; }
        // x:(N,C,H,W) -> cols:(C*KH*KW, N*OH*OW)
        var xv = D(x); var cv = D(cols);
        int oh = g.OutHeight, ow = g.OutWidth, pc = g.PatchCount;
        for (var c = 0; c < g.Channels; c++)
            for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    var row = (c * g.KernelH + ky) * g.KernelW + kx;
                    int lo = Math.Max(0, g.PadW - kx), hi = Math.Min(ow, g.Width + g.PadW - kx);
                    for (var n = 0; n < g.Batch; n++)
                        for (var oy = 0; oy < oh; oy++)
                        {
                            var dst = cv.Slice(row * pc + (n * oh + oy) * ow, ow);
                            var iy = oy * g.StrideH - g.PadH + ky;
                            if (iy < 0 || iy >= g.Height || hi <= lo) { dst.Clear(); continue; }
                            dst[..lo].Clear();
                            xv.Slice(((n * g.Channels + c) * g.Height + iy) * g.Width + lo - g.PadW + kx, hi - lo).CopyTo(dst[lo..hi]);
                            dst[hi..].Clear();
                        }
                }
    }

    /// <inheritdoc />
    /// <remarks>Stride 1: each cols row run is added into the input row with one vector loop.</remarks>
    public override void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g)
    {
        if (g.StrideW != 1) { base.Col2Im(cols, dx, g); return; }
        var cv = D(cols); var dv = D(dx);
        int oh = g.OutHeight, ow = g.OutWidth, pc = g.PatchCount;
        for (var c = 0; c < g.Channels; c++)
            for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    var row = (c * g.KernelH + ky) * g.KernelW + kx;
                    int lo = Math.Max(0, g.PadW - kx), hi = Math.Min(ow, g.Width + g.PadW - kx);
                    if (hi <= lo) continue;
                    for (var n = 0; n < g.Batch; n++)
                        for (var oy = 0; oy < oh; oy++)
                        {
                            var iy = oy * g.StrideH - g.PadH + ky;
                            if (iy < 0 || iy >= g.Height) continue;
                            var src = cv.Slice(row * pc + (n * oh + oy) * ow + lo, hi - lo);
                            var dst = dv.Slice(((n * g.Channels + c) * g.Height + iy) * g.Width + lo - g.PadW + kx, hi - lo);
                            CpuLoops.Zip<AddOp>(dst, false, src, false, dst);
                        }
                }
    }

    /// <inheritdoc />
    /// <remarks>2×2 windows, stride 2, no padding: a tight loop with the reference's first-maximum rule.</remarks>
    public override void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        if (!IsPlain2x2(g)) { base.MaxPool2D(x, y, g); return; }
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
    public override void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g)
    {
        if (!IsPlain2x2(g)) { base.MaxPool2DBackward(x, dy, dx, g); return; }
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
