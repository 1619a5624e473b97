using ILGPU;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Convolution and pooling windows over NCHW, one thread per output element, grid-stride. The
/// backward passes gather per input pixel (each thread owns one dx element and visits the windows
/// that cover it in the reference's order), so they need no atomics and add in the same order.
/// </summary>
internal static class WindowKernels
{
    private static int First => Grid.IdxX * Group.DimX + Group.IdxX;

    private static int Step => Grid.DimX * Group.DimX;

    // x:(N,C,H,W) -> cols:(C·KH·KW, N·OH·OW); zero padding.
    public static void Im2Col(ArrayView<float> x, ArrayView<float> cols, int total, WindowArgs g)
    {
        var pc = g.N * g.OH * g.OW;
        for (var e = First; e < total; e += Step)
        {
            int row = e / pc, col = e % pc;
            var kx = row % g.KW; var t = row / g.KW;
            var ky = t % g.KH; var c = t / g.KH;
            var ox = col % g.OW; t = col / g.OW;
            var oy = t % g.OH; var n = t / g.OH;
            var iy = oy * g.SH - g.PH + ky;
            var ix = ox * g.SW - g.PW + kx;
            var inside = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W;
            cols[e] = inside ? x[((n * g.C + c) * g.H + iy) * g.W + ix] : 0f;
        }
    }

    // dx:(N,C,H,W) += fold(cols:(C·KH·KW, N·OH·OW)), gathered per input pixel.
    public static void Col2Im(ArrayView<float> cols, ArrayView<float> dx, int total, WindowArgs g)
    {
        var pc = g.N * g.OH * g.OW;
        for (var e = First; e < total; e += Step)
        {
            var ix = e % g.W; var t = e / g.W;
            var iy = t % g.H; t /= g.H;
            var c = t % g.C; var n = t / g.C;
            var acc = dx[e];
            for (var ky = 0; ky < g.KH; ky++)
            {
                var sy = iy + g.PH - ky;
                if (sy < 0 || sy % g.SH != 0) continue;
                var oy = sy / g.SH;
                if (oy >= g.OH) continue;
                for (var kx = 0; kx < g.KW; kx++)
                {
                    var sx = ix + g.PW - kx;
                    if (sx < 0 || sx % g.SW != 0) continue;
                    var ox = sx / g.SW;
                    if (ox >= g.OW) continue;
                    var row = (c * g.KH + ky) * g.KW + kx;
                    acc += cols[row * pc + (n * g.OH + oy) * g.OW + ox];
                }
            }
            dx[e] = acc;
        }
    }

    // Flat x index of the first maximum of window (plane, oy, ox), or -1 when it lies in padding.
    private static int ArgMaxInWindow(ArrayView<float> x, int plane, int oy, int ox, in WindowArgs g)
    {
        var best = -1;
        var bestValue = float.NegativeInfinity;
        for (var ky = 0; ky < g.KH; ky++)
            for (var kx = 0; kx < g.KW; kx++)
            {
                var iy = oy * g.SH - g.PH + ky;
                var ix = ox * g.SW - g.PW + kx;
                if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
                var i = (plane * g.H + iy) * g.W + ix;
                if (best < 0 || x[i] > bestValue) { best = i; bestValue = x[i]; }
            }
        return best;
    }

    // x:(N,C,H,W) -> y:(N,C,OH,OW)
    public static void MaxPool(ArrayView<float> x, ArrayView<float> y, int total, WindowArgs g)
    {
        for (var e = First; e < total; e += Step)
        {
            var ox = e % g.OW; var t = e / g.OW;
            var oy = t % g.OH; var plane = t / g.OH;
            var best = ArgMaxInWindow(x, plane, oy, ox, g);
            y[e] = best < 0 ? 0f : x[best];
        }
    }

    // dx:(N,C,H,W) += dy of every window whose first maximum is this pixel.
    public static void MaxPoolBackward(ArrayView<float> x, ArrayView<float> dy, ArrayView<float> dx, int total, WindowArgs g)
    {
        for (var e = First; e < total; e += Step)
        {
            var ix = e % g.W; var t = e / g.W;
            var iy = t % g.H; var plane = t / g.H;
            var acc = dx[e];
            // Windows covering (iy, ix): oy·SH − PH ≤ iy ≤ oy·SH − PH + KH − 1.
            var oyLo = CeilDiv(iy + g.PH - g.KH + 1, g.SH); var oyHi = (iy + g.PH) / g.SH;
            var oxLo = CeilDiv(ix + g.PW - g.KW + 1, g.SW); var oxHi = (ix + g.PW) / g.SW;
            if (oyLo < 0) oyLo = 0;
            if (oxLo < 0) oxLo = 0;
            if (oyHi > g.OH - 1) oyHi = g.OH - 1;
            if (oxHi > g.OW - 1) oxHi = g.OW - 1;
            for (var oy = oyLo; oy <= oyHi; oy++)
                for (var ox = oxLo; ox <= oxHi; ox++)
                    if (ArgMaxInWindow(x, plane, oy, ox, g) == e) acc += dy[(plane * g.OH + oy) * g.OW + ox];
            dx[e] = acc;
        }
    }

    // x:(N,C,H,W) -> y:(N,C,OH,OW), dividing by the full window size.
    public static void AvgPool(ArrayView<float> x, ArrayView<float> y, int total, WindowArgs g)
    {
        for (var e = First; e < total; e += Step)
        {
            var ox = e % g.OW; var t = e / g.OW;
            var oy = t % g.OH; var plane = t / g.OH;
            var sum = 0f;
            for (var ky = 0; ky < g.KH; ky++)
                for (var kx = 0; kx < g.KW; kx++)
                {
                    var iy = oy * g.SH - g.PH + ky;
                    var ix = ox * g.SW - g.PW + kx;
                    if (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) sum += x[(plane * g.H + iy) * g.W + ix];
                }
            y[e] = sum * g.Scale;
        }
    }

    // dx:(N,C,H,W) += Σ over covering windows of dy·scale.
    public static void AvgPoolBackward(ArrayView<float> dy, ArrayView<float> dx, int total, WindowArgs g)
    {
        for (var e = First; e < total; e += Step)
        {
            var ix = e % g.W; var t = e / g.W;
            var iy = t % g.H; var plane = t / g.H;
            var acc = dx[e];
            var oyLo = CeilDiv(iy + g.PH - g.KH + 1, g.SH); var oyHi = (iy + g.PH) / g.SH;
            var oxLo = CeilDiv(ix + g.PW - g.KW + 1, g.SW); var oxHi = (ix + g.PW) / g.SW;
            if (oyLo < 0) oyLo = 0;
            if (oxLo < 0) oxLo = 0;
            if (oyHi > g.OH - 1) oyHi = g.OH - 1;
            if (oxHi > g.OW - 1) oxHi = g.OW - 1;
            for (var oy = oyLo; oy <= oyHi; oy++)
                for (var ox = oxLo; ox <= oxHi; ox++)
                    acc += dy[(plane * g.OH + oy) * g.OW + ox] * g.Scale;
            dx[e] = acc;
        }
    }

    // ⌈a/b⌉ for b > 0 and any sign of a.
    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
