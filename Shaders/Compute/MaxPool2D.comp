#version 430
// MaxPool2D: x:(N,C,H,W) -> y:(N,C,OH,OW); first maximum wins, padding never does.
// ints: count, geometry @1
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };

// Flat index in x of the first maximum of window (oy, ox) of a plane, or -1 if all padding.
int argMaxInWindow(int plane, int oy, int ox)
{
    int best = -1;
    float bestValue = 0.0;
    for (int ky = 0; ky < G_KH; ky++)
        for (int kx = 0; kx < G_KW; kx++)
        {
            int iy = oy * G_SH - G_PH + ky, ix = ox * G_SW - G_PW + kx;
            if (iy < 0 || iy >= G_H || ix < 0 || ix >= G_W) continue;
            int j = (plane * G_H + iy) * G_W + ix;
            if (best < 0 || x[j] > bestValue) { best = j; bestValue = x[j]; }
        }
    return best;
}

void main()
{
    FOR_EACH(i, uInts[0])
    {
        int ox = int(i) % G_OW, oy = (int(i) / G_OW) % G_OH, plane = int(i) / (G_OW * G_OH);
        int best = argMaxInWindow(plane, oy, ox);
        y[i] = best < 0 ? 0.0 : x[best];
    }
}
