#version 430
// Softmax: x:(R,K) -> y:(R,K) per row, max-subtracted, double sum like the reference.
// One invocation per row.  ints: rows, k
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Y { float y[]; };

void main()
{
    int k = uInts[1];
    FOR_EACH(r, uInts[0])
    {
        int row = int(r) * k;
        float maxValue = -1.0 / 0.0;
        for (int j = 0; j < k; j++) maxValue = max(maxValue, x[row + j]);
        double sum = 0.0;
        for (int j = 0; j < k; j++) sum += double(exp(x[row + j] - maxValue));
        for (int j = 0; j < k; j++) y[row + j] = float(double(exp(x[row + j] - maxValue)) / sum);
    }
}
