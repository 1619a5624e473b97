using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>Softmax over the last axis: x:(R,K) → probabilities (R,K).</summary>
    public static Tensor Softmax(Tensor x)
    {
        var node = Record<SoftmaxNode>(x);
        var y = node.MakeOutput(x.Backend, x.Shape);
        x.Backend.Softmax(x, y);
        node.X = x;
        return y;
    }

    private sealed class SoftmaxNode : Node
    {
        public Tensor X = null!;

        public override string OpName => "Softmax";

        // dx += y ⊙ (dy − Σ dy·y)
        public override void Backward()
        {
            if (Needs(X)) X.Backend.SoftmaxBackward(Output!, Output!.Grad!, X.EnsureGrad());
        }
    }
}
