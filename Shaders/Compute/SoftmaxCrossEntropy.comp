#version 430
// SoftmaxCrossEntropy: logits:(N,K), labels:(N) -> probs:(N,K), loss:(N) = log Σ e^(x−max) − (x[label]−max).
// A label that is not a class index in 0..K−1 cannot throw on the GPU: its row's loss is NaN
// (probs are still written), so the error shows in the mean loss instead of hiding.
// One invocation per row.  ints: rows, k
layout(local_size_x = 64) in;
layout(std430, binding = 0) readonly buffer Logits { float x[]; };
layout(std430, binding = 1) readonly buffer Labels { float labels[]; };
layout(std430, binding = 2) writeonly buffer Probs { float probs[]; };
layout(std430, binding = 3) writeonly buffer Loss { float loss[]; };

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
        for (int j = 0; j < k; j++) probs[row + j] = float(double(exp(x[row + j] - maxValue)) / sum);
        float labelValue = labels[r];
        int label = int(labelValue);
        bool valid = float(label) == labelValue && label >= 0 && label < k;
        loss[r] = valid ? log(float(sum)) - (x[row + label] - maxValue) : nanValue();
    }
}
