#version 430
// SgdUpdate: L2 decay through the gradient, optional (Nesterov) momentum.
// ints: n, hasVelocity, nesterov  floats: lr, momentum, weightDecay
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer V { float v[]; };

void main()
{
    float lr = uFloats[0], momentum = uFloats[1], decay = uFloats[2];
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        if (uInts[1] != 0)
        {
            v[i] = momentum * v[i] + grad;
            grad = uInts[2] != 0 ? grad + momentum * v[i] : v[i];
        }
        p[i] -= lr * grad;
    }
}
