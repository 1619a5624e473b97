#version 430
// AdagradUpdate: s += g², p −= lr·g/(√s + ε).  ints: n, dryRun, slot  floats: lr, epsilon, weightDecay
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer S { float s[]; };
layout(std430, binding = 3) buffer Flags { float flags[]; };

void main()
{
    float lr = uFloats[0], eps = uFloats[1], decay = uFloats[2];
    bool gradientBad = false, valueBad = false;
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        float si = s[i] + grad * grad;
        float pi = p[i] - lr * grad / (sqrt(si) + eps);
        if (uInts[1] != 0)
        {
            gradientBad = gradientBad || nonFinite(g[i]);
            valueBad = valueBad || nonFinite(pi) || nonFinite(si);
            continue;
        }
        s[i] = si; p[i] = pi;
    }
    REPORT_FLAGS(flags, uInts[2], gradientBad, valueBad)
}
