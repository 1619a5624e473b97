namespace Myelin.Losses;

/// <summary>
/// Softmax cross-entropy on logits (N,K) with class-index targets (N): the fused, stable kernel,
/// averaged over the batch.
/// </summary>
public sealed class SoftmaxCrossEntropy : Loss
{
    /// <inheritdoc />
    public override string Name => "softmax_xent";

    /// <inheritdoc />
    public override TargetKind Targets => TargetKind.ClassIndex;

    /// <inheritdoc />
    public override Tensor Compute(Tensor logits, Tensor labels) => Ops.Mean(Ops.SoftmaxCrossEntropy(logits, labels));
}
