#version 430
// SumTo: y = alpha·(x summed over the axes where y is broadcast) + beta·y.
// One invocation per y element gathers its x elements in x order (double sum, like the reference).
// ints: nY, nX, rank, xShape[6] @3, xStride[6] @9, yStride[6] @15 (0 on summed axes)  floats: alpha, beta
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer Y { float y[]; };

void main()
{
    int rank = uInts[2];
    uint perY = uint(uInts[1] / max(uInts[0], 1));
    FOR_EACH(j, uInts[0])
    {
        // y's elements run over the kept axes in x's order.
        uint rest = j;
        int base = 0;
        for (int k = rank - 1; k >= 0; k--)
        {
            if (uInts[15 + k] == 0) continue;
            uint d = uint(uInts[3 + k]);
            base += int(rest % d) * uInts[9 + k];
            rest /= d;
        }
        double sum = 0.0;
        for (uint r = 0u; r < perY; r++)
        {
            uint restR = r;
            int offset = base;
            for (int k = rank - 1; k >= 0; k--)
            {
                if (uInts[15 + k] != 0) continue;
                uint d = uint(uInts[3 + k]);
                offset += int(restR % d) * uInts[9 + k];
                restR /= d;
            }
            sum += double(x[offset]);
        }
        float beta = uFloats[1];
        y[j] = float(double(uFloats[0]) * sum) + (beta == 0.0 ? 0.0 : beta * y[j]);
    }
}
