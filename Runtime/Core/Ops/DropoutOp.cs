using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1−p).
    /// The mask comes from a counter hash of <paramref name="seed"/>, identical on every backend.
    /// </summary>
    public static Tensor Dropout(Tensor x, float p, uint seed)
    {
        if (p < 0f || p >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        var node = Record<DropoutNode>(x);
        var y = node.MakeOutput(x.Backend, x.Shape);
        var mask = node.Mask(x);
        x.Backend.DropoutMask(mask, p, seed);
        x.Backend.Binary(BinaryKind.Multiply, x, mask, y);
        node.X = x;
        return y;
    }

    private sealed class DropoutNode : Node
    {
        public Tensor X = null!;
        private Tensor? _mask, _t;

        public override string OpName => "Dropout";

        public Tensor Mask(Tensor x) => Scratch(ref _mask, x.Backend, x.Shape);

        // dx += dy ⊙ mask
        public override void Backward()
        {
            if (!Needs(X)) return;
            var t = Scratch(ref _t, X.Backend, X.Shape);
            X.Backend.Binary(BinaryKind.Multiply, Output!.Grad!, _mask!, t);
            var dx = X.GradToWrite(out var overwrite);
            X.Backend.Axpby(1f, t, overwrite ? 0f : 1f, dx);
        }
    }
}
