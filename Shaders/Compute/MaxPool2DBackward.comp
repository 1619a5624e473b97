#version 430
// MaxPool2DBackward: dx += dy routed to the first maximum of each window. One invocation per dx
// pixel visits the windows covering it in (oy, ox) order and takes dy where it was the maximum.
// ints: count, geometry @1
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, binding = 2) buffer DX { float dx[]; };

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
        int ix = int(i) % G_W, iy = (int(i) / G_W) % G_H, plane = int(i) / (G_W * G_H);
        float acc = dx[i];
        // ky descending gives oy ascending: the reference's accumulation order.
        for (int ky = G_KH - 1; ky >= 0; ky--)
        {
            int ty = iy + G_PH - ky;
            if (ty < 0 || ty % G_SH != 0 || ty / G_SH >= G_OH) continue;
            int oy = ty / G_SH;
            for (int kx = G_KW - 1; kx >= 0; kx--)
            {
                int tx = ix + G_PW - kx;
                if (tx < 0 || tx % G_SW != 0 || tx / G_SW >= G_OW) continue;
                int ox = tx / G_SW;
                if (argMaxInWindow(plane, oy, ox) == int(i)) acc += dy[(plane * G_OH + oy) * G_OW + ox];
            }
        }
        dx[i] = acc;
    }
}
