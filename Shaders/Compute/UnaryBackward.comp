#version 430
// UnaryBackward: dx += dy·f'(x) with y = f(x).  ints: n, kind  floats: alpha
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer Y { float y[]; };
layout(std430, binding = 2) readonly buffer DY { float dy[]; };
layout(std430, binding = 3) buffer DX { float dx[]; };

void main()
{
    const int kind = SPECIALIZED_KIND; // uInts[1] names it too; the program is compiled per kind
    FOR_EACH(i, uInts[0]) dx[i] += dy[i] * unaryDerivative(kind, x[i], y[i], uFloats[0]);
}
