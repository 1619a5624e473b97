#version 430
// AdamUpdate: Adam, or AdamW with decoupled decay. c1 = 1−β1^t and c2 = 1−β2^t come from the host.
// ints: n, decoupled, dryRun, slot  floats: lr, beta1, beta2, epsilon, weightDecay, c1, c2
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer P { float p[]; };
layout(std430, binding = 1) readonly buffer G { float g[]; };
layout(std430, binding = 2) buffer M { float m[]; };
layout(std430, binding = 3) buffer V { float v[]; };
layout(std430, binding = 4) buffer Flags { float flags[]; };

void main()
{
    float lr = uFloats[0], beta1 = uFloats[1], beta2 = uFloats[2], eps = uFloats[3];
    float decay = uFloats[4], c1 = uFloats[5], c2 = uFloats[6];
    float stepSize = lr / c1, scale2 = 1.0 / sqrt(c2);
    bool gradientBad = false, valueBad = false;
    FOR_EACH(i, uInts[0])
    {
        float grad = g[i];
        float pi = p[i];
        if (uInts[1] != 0) pi -= lr * decay * pi;
        else grad += decay * pi;
        float mi = beta1 * m[i] + (1.0 - beta1) * grad;
        float vi = beta2 * v[i] + (1.0 - beta2) * grad * grad;
        pi -= stepSize * mi / (sqrt(vi) * scale2 + eps);
        if (uInts[2] != 0)
        {
            gradientBad = gradientBad || nonFinite(g[i]);
            valueBad = valueBad || nonFinite(pi) || nonFinite(mi) || nonFinite(vi);
            continue;
        }
        m[i] = mi; v[i] = vi; p[i] = pi;
    }
    REPORT_FLAGS(flags, uInts[3], gradientBad, valueBad)
}
