using ILGPU;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Row-wise kernels over (R,K) matrices: one thread per row, grid-stride over rows. Right for the
/// class counts games use (K up to a few hundred); a group-per-row variant would suit huge K.
/// Label checks cannot throw on a device: an invalid label poisons its row with NaN instead.
/// </summary>
internal static class RowKernels
{
    private static int First => Grid.IdxX * Group.DimX + Group.IdxX;

    private static int Step => Grid.DimX * Group.DimX;

    // x:(R,K) -> y:(R,K), max-subtracted.
    public static void Softmax(ArrayView<float> x, ArrayView<float> y, int rows, int k)
    {
        for (var r = First; r < rows; r += Step) SoftmaxRow(x, y, r * k, k);
    }

    private static float RowMax(ArrayView<float> x, int o, int k)
    {
        var max = float.NegativeInfinity;
        for (var j = 0; j < k; j++) max = MathF.Max(max, x[o + j]);
        return max;
    }

    // Writes the probabilities of one row and returns log Σ exp(x − max).
    private static float SoftmaxRow(ArrayView<float> x, ArrayView<float> y, int o, int k)
    {
        var max = RowMax(x, o, k);
        var sum = 0f;
        for (var j = 0; j < k; j++) sum += MathF.Exp(x[o + j] - max);
        for (var j = 0; j < k; j++) y[o + j] = MathF.Exp(x[o + j] - max) / sum;
        return MathF.Log(sum);
    }

    // dx += y ⊙ (dy − Σ_k dy·y) per row.
    public static void SoftmaxBackward(ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int rows, int k)
    {
        for (var r = First; r < rows; r += Step)
        {
            var o = r * k;
            var dot = 0f;
            for (var j = 0; j < k; j++) dot += dy[o + j] * y[o + j];
            for (var j = 0; j < k; j++) dx[o + j] += y[o + j] * (dy[o + j] - dot);
        }
    }

    // logits:(R,K) labels:(R) -> probs:(R,K), loss:(R) = logsumexp − logit[label]; NaN for a bad label.
    public static void SoftmaxCrossEntropy(ArrayView<float> logits, ArrayView<float> labels, ArrayView<float> probs, ArrayView<float> loss, int rows, int k)
    {
        for (var r = First; r < rows; r += Step)
        {
            var o = r * k;
            var logSum = SoftmaxRow(logits, probs, o, k);
            var label = KernelMath.Label(labels[r], k);
            // −log p[label] from the logits (log-sum-exp), as the reference does.
            loss[r] = label < 0 ? float.NaN : logSum - (logits[o + label] - RowMax(logits, o, k));
        }
    }

    // dlogits += dloss[r]·(probs − onehot(label)); NaN for a bad label.
    public static void SoftmaxCrossEntropyBackward(ArrayView<float> probs, ArrayView<float> labels, ArrayView<float> dloss, ArrayView<float> dlogits, int rows, int k)
    {
        for (var r = First; r < rows; r += Step)
        {
            var o = r * k;
            var label = KernelMath.Label(labels[r], k);
            var d = label < 0 ? float.NaN : dloss[r];
            for (var j = 0; j < k; j++) dlogits[o + j] += d * (probs[o + j] - (j == label ? 1f : 0f));
        }
    }

    // x:(R,K) -> indices:(R), first maximum wins.
    public static void ArgMax(ArrayView<float> x, ArrayView<float> indices, int rows, int k)
    {
        for (var r = First; r < rows; r += Step)
        {
            var o = r * k;
            var best = 0;
            for (var j = 1; j < k; j++)
                if (x[o + j] > x[o + best]) best = j;
            indices[r] = best;
        }
    }
}
