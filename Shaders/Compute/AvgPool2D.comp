#version 430
// AvgPool2D: x:(N,C,H,W) -> y:(N,C,OH,OW); divides by the full window size.
// ints: count, geometry @1  floats: 1/(KH·KW)
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };

void main()
{
    FOR_EACH(i, uInts[0])
    {
        int ox = int(i) % G_OW, oy = (int(i) / G_OW) % G_OH, plane = int(i) / (G_OW * G_OH);
        float sum = 0.0;
        for (int ky = 0; ky < G_KH; ky++)
            for (int kx = 0; kx < G_KW; kx++)
            {
                int iy = oy * G_SH - G_PH + ky, ix = ox * G_SW - G_PW + kx;
                if (iy >= 0 && iy < G_H && ix >= 0 && ix < G_W) sum += x[(plane * G_H + iy) * G_W + ix];
            }
        y[i] = sum * uFloats[0];
    }
}
