#version 430
// Im2Col: x:(N,C,H,W) -> cols:(C·KH·KW, N·OH·OW), zero padding. One invocation per cols element.
// ints: count, geometry @1 (see G_* in Scalar.glsl)
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Cols { float cols[]; };

void main()
{
    int patches = G_N * G_OH * G_OW;
    FOR_EACH(i, uInts[0])
    {
        int row = int(i) / patches, col = int(i) % patches;
        int kx = row % G_KW, ky = (row / G_KW) % G_KH, c = row / (G_KW * G_KH);
        int ox = col % G_OW, oy = (col / G_OW) % G_OH, n = col / (G_OW * G_OH);
        int iy = oy * G_SH - G_PH + ky, ix = ox * G_SW - G_PW + kx;
        bool inside = iy >= 0 && iy < G_H && ix >= 0 && ix < G_W;
        cols[i] = inside ? x[((n * G_C + c) * G_H + iy) * G_W + ix] : 0.0;
    }
}
