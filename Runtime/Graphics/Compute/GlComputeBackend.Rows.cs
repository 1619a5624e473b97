using Myelin.Backends;

namespace Myelin.Graphics;

public sealed partial class GlComputeBackend
{
    private readonly ComputeKernel _softmax, _softmaxBackward, _softmaxCrossEntropy, _softmaxCrossEntropyBackward;
    private readonly ComputeKernel _argMax, _dropoutMask, _clipByNorm;

    /// <inheritdoc />
    public void Softmax(Tensor x, Tensor y) =>
        Run(_softmax, x.Shape.Rows, [x.Shape.Rows, x.Shape.Columns], [], x, y);

    /// <inheritdoc />
    public void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx) =>
        Run(_softmaxBackward, y.Shape.Rows, [y.Shape.Rows, y.Shape.Columns], [], y, dy, dx);

    /// <summary>
    /// Fused stable softmax + cross-entropy, as <see cref="IBackend.SoftmaxCrossEntropy"/> except that
    /// a label outside 0..K−1 (or not an integer) cannot throw on the GPU: that row's loss is NaN, so
    /// a mean loss over the batch turns NaN. Probabilities are still written.
    /// </summary>
    public void SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor probs, Tensor loss) =>
        Run(_softmaxCrossEntropy, logits.Shape.Rows, [logits.Shape.Rows, logits.Shape.Columns], [], logits, labels, probs, loss);

    /// <summary>
    /// dlogits += dloss[n]·(probs − onehot(labels)); a row whose label is not a class index gets NaN
    /// gradients (see <see cref="SoftmaxCrossEntropy"/>).
    /// </summary>
    public void SoftmaxCrossEntropyBackward(Tensor probs, Tensor labels, Tensor dloss, Tensor dlogits) =>
        Run(_softmaxCrossEntropyBackward, probs.Length, [probs.Length, probs.Shape.Columns], [], probs, labels, dloss, dlogits);

    /// <inheritdoc />
    public void ArgMax(Tensor x, Tensor indices) =>
        Run(_argMax, x.Shape.Rows, [x.Shape.Rows, x.Shape.Columns], [], x, indices);

    /// <inheritdoc />
    public void DropoutMask(Tensor mask, float p, uint seed) =>
        Run(_dropoutMask, mask.Length, [mask.Length, unchecked((int)seed)], [p, 1f / (1f - p)], mask);

    /// <inheritdoc />
    public void ClipByNorm(Tensor x, Tensor sumSquares, float maxNorm) =>
        Run(_clipByNorm, x.Length, [x.Length], [maxNorm], x, sumSquares);
}
