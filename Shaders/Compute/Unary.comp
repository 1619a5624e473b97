#version 430
// Unary: y = f(x; alpha).  ints: n, kind  floats: alpha
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };

void main()
{
    const int kind = SPECIALIZED_KIND; // uInts[1] names it too; the program is compiled per kind
    FOR_EACH(i, uInts[0]) y[i] = unaryForward(kind, x[i], uFloats[0]);
}
