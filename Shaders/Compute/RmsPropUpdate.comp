#version 430
// RmsPropUpdate: s = β2·s + (1−β2)·g², step = g/(√s + ε), optional momentum buffer.
// ints: n, hasMomentum  floats: lr, beta2, epsilon, weightDecay, momentum
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer S { float s[]; };
layout(std430, binding = 3) buffer B { float b[]; };

void main()
{
    float lr = uFloats[0], beta2 = uFloats[1], eps = uFloats[2], decay = uFloats[3], momentum = uFloats[4];
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        s[i] = beta2 * s[i] + (1.0 - beta2) * grad * grad;
        float step = grad / (sqrt(s[i]) + eps);
        if (uInts[1] != 0)
        {
            b[i] = momentum * b[i] + step;
            step = b[i];
        }
        p[i] -= lr * step;
    }
}
