#version 430
// AvgPool2DBackward: dx += dy/(KH·KW) over each window. One invocation per dx pixel gathers the
// windows covering it in (oy, ox) order.
// ints: count, geometry @1  floats: 1/(KH·KW)
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer DY { float dy[]; };
layout(std430, binding = 1) buffer DX { float dx[]; };

void main()
{
    FOR_EACH(i, uInts[0])
    {
        int ix = int(i) % G_W, iy = (int(i) / G_W) % G_H, plane = int(i) / (G_W * G_H);
        float acc = dx[i];
        for (int ky = G_KH - 1; ky >= 0; ky--)
        {
            int ty = iy + G_PH - ky;
            if (ty < 0 || ty % G_SH != 0 || ty / G_SH >= G_OH) continue;
            int oy = ty / G_SH;
            for (int kx = G_KW - 1; kx >= 0; kx--)
            {
                int tx = ix + G_PW - kx;
                if (tx < 0 || tx % G_SW != 0 || tx / G_SW >= G_OW) continue;
                acc += dy[(plane * G_OH + oy) * G_OW + tx / G_SW] * uFloats[0];
            }
        }
        dx[i] = acc;
    }
}
