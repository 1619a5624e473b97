#version 430
// SgdUpdate: L2 decay through the gradient, optional (Nesterov) momentum.
// ints: n, hasVelocity, nesterov, dryRun, slot  floats: lr, momentum, weightDecay
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer V { float v[]; };
layout(std430, binding = 3) buffer Flags { float flags[]; };

void main()
{
    float lr = uFloats[0], momentum = uFloats[1], decay = uFloats[2];
    bool gradientBad = false, valueBad = false;
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i] + decay * p[i];
        float vi = 0.0;
        if (uInts[1] != 0)
        {
            vi = momentum * v[i] + grad;
            grad = uInts[2] != 0 ? grad + momentum * vi : vi;
        }
        float pi = p[i] - lr * grad;
        if (uInts[3] != 0)
        {
            gradientBad = gradientBad || nonFinite(g[i]);
            valueBad = valueBad || nonFinite(pi) || nonFinite(vi);
            continue;
        }
        if (uInts[1] != 0) v[i] = vi;
        p[i] = pi;
    }
    REPORT_FLAGS(flags, uInts[4], gradientBad, valueBad)
}
