using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// Fused, stable softmax cross-entropy per row: logits:(N,K), labels:(N) class indices →
    /// loss:(N). <see cref="Probabilities"/> of the last call hold the softmax.
    /// </summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        SameBackend("SoftmaxCrossEntropy", logits, labels);
        if (logits.Rank != 2 || labels.Length != logits.Shape[0])
            throw new ArgumentException($"SoftmaxCrossEntropy: logits {logits.Shape} need (N,K) with N labels; got {labels.Length} labels.");
        var node = Record<SoftmaxCrossEntropyNode>(logits);
        var loss = node.MakeOutput(logits.Backend, new Shape(logits.Shape[0]));
        var probs = node.Probs(logits);
        logits.Backend.SoftmaxCrossEntropy(logits, labels, probs, loss);
        node.Logits = logits; node.Labels = labels;
        return loss;
    }

    /// <summary>The softmax computed alongside a cross-entropy loss tensor (no extra work).</summary>
    public static Tensor Probabilities(Tensor crossEntropyLoss) =>
        (crossEntropyLoss.Creator as SoftmaxCrossEntropyNode)?.Probabilities
        ?? throw new ArgumentException("The tensor was not produced by SoftmaxCrossEntropy.");

    private sealed class SoftmaxCrossEntropyNode : Node
    {
        public Tensor Logits = null!, Labels = null!;
        public Tensor? Probabilities;

        public override string OpName => "SoftmaxCrossEntropy";

        public Tensor Probs(Tensor logits) => Scratch(ref Probabilities, logits.Backend, logits.Shape);

        // dlogits += dloss · (p − onehot)
        public override void Backward()
        {
            if (Needs(Logits)) Logits.Backend.SoftmaxCrossEntropyBackward(Probabilities!, Labels, Output!.Grad!, Logits.EnsureGrad());
        }
    }
}
