#version 430
// RmsPropUpdate: s = β2·s + (1−β2)·g², step = g/(√s + ε), optional momentum buffer.
// ints: n, hasMomentum, dryRun, slot  floats: lr, beta2, epsilon, weightDecay, momentum
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer S { float s[]; };
layout(std430, binding = 3) buffer B { float b[]; };
layout(std430, binding = 4) buffer Flags { float flags[]; };

void main()
{
    float lr = uFloats[0], beta2 = uFloats[1], eps = uFloats[2], decay = uFloats[3], momentum = uFloats[4];
    bool gradientBad = false, valueBad = false;
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        float si = beta2 * s[i] + (1.0 - beta2) * grad * grad;
        float step = grad / (sqrt(si) + eps);
        float bi = 0.0;
        if (uInts[1] != 0)
        {
            bi = momentum * b[i] + step;
            step = bi;
        }
        float pi = p[i] - lr * step;
        if (uInts[2] != 0)
        {
            gradientBad = gradientBad || nonFinite(g[i]);
            valueBad = valueBad || nonFinite(pi) || nonFinite(si) || nonFinite(bi);
            continue;
        }
        s[i] = si; p[i] = pi;
        if (uInts[1] != 0) b[i] = bi;
    }
    REPORT_FLAGS(flags, uInts[3], gradientBad, valueBad)
}
