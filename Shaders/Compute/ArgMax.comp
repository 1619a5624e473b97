#version 430
// ArgMax: x:(R,K) -> indices:(R) as floats, first maximum wins. One invocation per row.  ints: rows, k
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Indices { float indices[]; };

void main()
{
    int k = uInts[1];
    FOR_EACH(r, uInts[0])
    {
        int row = int(r) * k, best = 0;
        for (int j = 1; j < k; j++)
            if (x[row + j] > x[row + best]) best = j;
        indices[r] = float(best);
    }
}
