#version 430
// Binary: y = a ∘ b with broadcasting through strides (0 on stretched axes).
// ints: n, kind, rank, shape[6] @3, strideA[6] @9, strideB[6] @15
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };

void main()
{
    const int kind = SPECIALIZED_KIND; // uInts[1] names it too; the program is compiled per kind
    int rank = uInts[2];
    FOR_EACH(i, uInts[0])
    {
        uint rest = i;
        int ia = 0, ib = 0;
        for (int k = rank - 1; k >= 0; k--)
        {
            uint d = uint(uInts[3 + k]);
            int index = int(rest % d);
            rest /= d;
            ia += index * uInts[9 + k];
            ib += index * uInts[15 + k];
        }
        y[i] = binaryOp(kind, a[ia], b[ib]);
    }
}
