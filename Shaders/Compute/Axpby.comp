#version 430
// Axpby: y = alpha·x + beta·y; beta = 0 overwrites (NaN in y does not leak).  ints: n  floats: alpha, beta
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) buffer Y { float y[]; };

void main()
{
    float alpha = uFloats[0], beta = uFloats[1];
    FOR_EACH(i, uInts[0]) y[i] = alpha * x[i] + (beta == 0.0 ? 0.0 : beta * y[i]);
}
