#version 430
// AdamUpdate: Adam, or AdamW with decoupled decay. c1 = 1−β1^t and c2 = 1−β2^t come from the host.
// ints: n, decoupled  floats: lr, beta1, beta2, epsilon, weightDecay, c1, c2
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer M { float m[]; };
layout(std430, binding = 3) buffer V { float v[]; };

void main()
{
    float lr = uFloats[0], beta1 = uFloats[1], beta2 = uFloats[2], eps = uFloats[3];
    float decay = uFloats[4], c1 = uFloats[5], c2 = uFloats[6];
    float stepSize = lr / c1, scale2 = 1.0 / sqrt(c2);
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i];
        if (uInts[1] != 0) p[i] -= lr * decay * p[i];
        else grad += decay * p[i];
        m[i] = beta1 * m[i] + (1.0 - beta1) * grad;
        v[i] = beta2 * v[i] + (1.0 - beta2) * grad * grad;
        p[i] -= stepSize * m[i] / (sqrt(v[i]) * scale2 + eps);
    }
}
