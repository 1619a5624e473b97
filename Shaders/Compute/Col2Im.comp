#version 430
// Col2Im: dx:(N,C,H,W) += fold(cols:(C·KH·KW, N·OH·OW)). One invocation per dx pixel gathers
// every window position covering it (no races), in the reference's (ky, kx) order.
// ints: count, geometry @1
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer Cols { float cols[]; };
layout(std430, binding = 1) buffer DX { float dx[]; };

void main()
{
    int patches = G_N * G_OH * G_OW;
    FOR_EACH(i, uInts[0])
    {
        int ix = int(i) % G_W, iy = (int(i) / G_W) % G_H;
        int c = (int(i) / (G_W * G_H)) % G_C, n = int(i) / (G_W * G_H * G_C);
        float acc = dx[i];
        for (int ky = 0; ky < G_KH; ky++)
        {
            int ty = iy + G_PH - ky;
            if (ty < 0 || ty % G_SH != 0 || ty / G_SH >= G_OH) continue;
            int oy = ty / G_SH;
            for (int kx = 0; kx < G_KW; kx++)
            {
                int tx = ix + G_PW - kx;
                if (tx < 0 || tx % G_SW != 0 || tx / G_SW >= G_OW) continue;
                int ox = tx / G_SW;
                int row = (c * G_KH + ky) * G_KW + kx;
                acc += cols[row * patches + (n * G_OH + oy) * G_OW + ox];
            }
        }
        dx[i] = acc;
    }
}
