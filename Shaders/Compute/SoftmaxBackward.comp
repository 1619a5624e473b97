#version 430
// SoftmaxBackward: dx += y ⊙ (dy − Σ_k dy·y) per row. One invocation per row.  ints: rows, k
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer Y { float y[]; };
layout(std430, binding = 1) readonly buffer DY { float dy[]; };
layout(std430, binding = 2) buffer DX { float dx[]; };

void main()
{
    int k = uInts[1];
    FOR_EACH(r, uInts[0])
    {
        int row = int(r) * k;
        double dot = 0.0;
        for (int j = 0; j < k; j++) dot += double(dy[row + j] * y[row + j]);
        float d = float(dot);
        for (int j = 0; j < k; j++) dx[row + j] += y[row + j] * (dy[row + j] - d);
    }
}
