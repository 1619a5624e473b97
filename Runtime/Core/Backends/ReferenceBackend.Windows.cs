namespace Myelin.Backends;

public partial class ReferenceBackend
{
    /// <inheritdoc />
    public virtual void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g)
    {
        // x:(N,C,H,W) -> cols:(C*KH*KW, N*OH*OW)
        var xv = D(x); var cv = D(cols);
        int oh = g.OutHeight, ow = g.OutWidth, pc = g.PatchCount;
        for (var c = 0; c < g.Channels; c++)
            for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    var row = (c * g.KernelH + ky) * g.KernelW + kx;
                    for (var n = 0; n < g.Batch; n++)
                        for (var oy = 0; oy < oh; oy++)
                            for (var ox = 0; ox < ow; ox++)
                            {
                                var iy = oy * g.StrideH - g.PadH + ky;
                                var ix = ox * g.StrideW - g.PadW + kx;
                                var inside = iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width;
                                cv[row * pc + (n * oh + oy) * ow + ox] = inside ? xv[((n * g.Channels + c) * g.Height + iy) * g.Width + ix] : 0f;
                            }
                }
    }

    /// <inheritdoc />
    public virtual void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g)
    {
        var cv = D(cols); var dv = D(dx);
        int oh = g.OutHeight, ow = g.OutWidth, pc = g.PatchCount;
        for (var c = 0; c < g.Channels; c++)
            for (var ky = 0; ky < g.KernelH; ky++)
                for (var kx = 0; kx < g.KernelW; kx++)
                {
                    var row = (c * g.KernelH + ky) * g.KernelW + kx;
                    for (var n = 0; n < g.Batch; n++)
                        for (var oy = 0; oy < oh; oy++)
                            for (var ox = 0; ox < ow; ox++)
                            {
                                var iy = oy * g.StrideH - g.PadH + ky;
                                var ix = ox * g.StrideW - g.PadW + kx;
                                if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width)
                                    dv[((n * g.Channels + c) * g.Height + iy) * g.Width + ix] += cv[row * pc + (n * oh + oy) * ow + ox];
                            }
                }
    }

    /// <inheritdoc />
    public virtual void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        var xv = D(x); var yv = D(y);
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var best = ArgMaxInWindow(xv, plane, oy, ox, g);
                    yv[(plane * g.OutHeight + oy) * g.OutWidth + ox] = best < 0 ? 0f : xv[best];
                }
    }

    /// <inheritdoc />
    public virtual void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g) =>
        ReferenceMaxPool2DBackward(x, dy, dx, g);

    private static void ReferenceMaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g)
    {
        var xv = D(x); var dyv = D(dy); var dxv = D(dx);
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var best = ArgMaxInWindow(xv, plane, oy, ox, g);
                    if (best >= 0) dxv[best] += dyv[(plane * g.OutHeight + oy) * g.OutWidth + ox];
                }
    }

    /// <summary>Flat index in x of the first maximum of one pooling window, or -1 if it lies in padding.</summary>
    protected static int ArgMaxInWindow(ReadOnlySpan<float> xv, int plane, int oy, int ox, in Conv2DGeometry g)
    {
        var best = -1;
        var bestValue = float.NegativeInfinity;
        for (var ky = 0; ky < g.KernelH; ky++)
            for (var kx = 0; kx < g.KernelW; kx++)
            {
                var iy = oy * g.StrideH - g.PadH + ky;
                var ix = ox * g.StrideW - g.PadW + kx;
                if (iy < 0 || iy >= g.Height || ix < 0 || ix >= g.Width) continue;
                var i = (plane * g.Height + iy) * g.Width + ix;
                if (best < 0 || xv[i] > bestValue) { best = i; bestValue = xv[i]; }
            }
        return best;
    }

    /// <inheritdoc />
    public virtual void AvgPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        var xv = D(x); var yv = D(y);
        var scale = 1f / (g.KernelH * g.KernelW);
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var sum = 0f;
                    for (var ky = 0; ky < g.KernelH; ky++)
                        for (var kx = 0; kx < g.KernelW; kx++)
                        {
                            var iy = oy * g.StrideH - g.PadH + ky;
                            var ix = ox * g.StrideW - g.PadW + kx;
                            if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width) sum += xv[(plane * g.Height + iy) * g.Width + ix];
                        }
                    yv[(plane * g.OutHeight + oy) * g.OutWidth + ox] = sum * scale;
                }
    }

    /// <inheritdoc />
    public virtual void AvgPool2DBackward(Tensor dy, Tensor dx, in Conv2DGeometry g)
    {
        var dyv = D(dy); var dxv = D(dx);
        var scale = 1f / (g.KernelH * g.KernelW);
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
            for (var oy = 0; oy < g.OutHeight; oy++)
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var d = dyv[(plane * g.OutHeight + oy) * g.OutWidth + ox] * scale;
                    for (var ky = 0; ky < g.KernelH; ky++)
                        for (var kx = 0; kx < g.KernelW; kx++)
                        {
                            var iy = oy * g.StrideH - g.PadH + ky;
                            var ix = ox * g.StrideW - g.PadW + kx;
                            if (iy >= 0 && iy < g.Height && ix >= 0 && ix < g.Width) dxv[(plane * g.Height + iy) * g.Width + ix] += d;
                        }
                }
    }
}
