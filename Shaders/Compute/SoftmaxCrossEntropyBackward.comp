#version 430
// SoftmaxCrossEntropyBackward: dlogits += dloss[n]·(probs − onehot(labels)); a row with an invalid
// label gets NaN (see SoftmaxCrossEntropy.comp). One invocation per element.  ints: count, k
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer Probs { float probs[]; };
layout(std430, binding = 1) readonly buffer Labels { float labels[]; };
layout(std430, binding = 2) readonly buffer DLoss { float dloss[]; };
layout(std430, binding = 3) buffer DLogits { float dlogits[]; };

void main()
{
    int k = uInts[1];
    FOR_EACH(i, uInts[0])
    {
        int r = int(i) / k, j = int(i) % k;
        float labelValue = labels[r];
        int label = int(labelValue);
        bool valid = float(label) == labelValue && label >= 0 && label < k;
        dlogits[i] += valid ? dloss[r] * (probs[i] - (j == label ? 1.0 : 0.0)) : nanValue();
    }
}
