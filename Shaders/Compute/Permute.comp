#version 430
// Permute: y.Shape[j] = x.Shape[perm[j]]; source strides are x's strides reordered by perm.
// ints: n, rank, yShape[6] @2, sourceStride[6] @8
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };

void main()
{
    int rank = uInts[1];
    FOR_EACH(i, uInts[0])
    {
        uint rest = i;
        int source = 0;
        for (int k = rank - 1; k >= 0; k--)
        {
            uint d = uint(uInts[2 + k]);
            source += int(rest % d) * uInts[8 + k];
            rest /= d;
        }
        y[i] = x[source];
    }
}
