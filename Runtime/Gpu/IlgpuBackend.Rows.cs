using Myelin.Backends;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    public void Softmax(Tensor x, Tensor y)
    {
        var (rows, k) = (x.Shape.Rows, x.Shape.Columns);
        if (rows == 0 || k == 0) return;
        _softmax(Stride(rows), V(x), V(y), rows, k);
    }

    /// <inheritdoc />
    public void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx)
    {
        var (rows, k) = (y.Shape.Rows, y.Shape.Columns);
        if (rows == 0 || k == 0) return;
        _softmaxBackward(Stride(rows), V(y), V(dy), V(dx), rows, k);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A kernel cannot throw: a label that is not a class index in 0..K−1 makes that row's loss NaN
    /// (its probabilities are still written), so the mean loss turns NaN instead of training on garbage.
    /// </remarks>
    public void SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor probs, Tensor loss)
    {
        var (rows, k) = (logits.Shape.Rows, logits.Shape.Columns);
        if (rows == 0 || k == 0) return;
        _softmaxXent(Stride(rows), V(logits), V(labels), V(probs), V(loss), rows, k);
    }

    /// <inheritdoc />
    /// <remarks>A row with an invalid label gets NaN added to all its logit gradients.</remarks>
    public void SoftmaxCrossEntropyBackward(Tensor probs, Tensor labels, Tensor dloss, Tensor dlogits)
    {
        var (rows, k) = (probs.Shape.Rows, probs.Shape.Columns);
        if (rows == 0 || k == 0) return;
        _softmaxXentBackward(Stride(rows), V(probs), V(labels), V(dloss), V(dlogits), rows, k);
    }

    /// <inheritdoc />
    public void ArgMax(Tensor x, Tensor indices)
    {
        var (rows, k) = (x.Shape.Rows, x.Shape.Columns);
        if (rows == 0 || k == 0) return;
        _argMax(Stride(rows), V(x), V(indices), rows, k);
    }
}
