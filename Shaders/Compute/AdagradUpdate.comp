#version 430
// AdagradUpdate: s += g², p −= lr·g/(√s + ε).  ints: n  floats: lr, epsilon, weightDecay
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer S { float s[]; };

void main()
{
    float lr = uFloats[0], eps = uFloats[1], decay = uFloats[2];
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        s[i] += grad * grad;
        p[i] -= lr * grad / (sqrt(s[i]) + eps);
    }
}
