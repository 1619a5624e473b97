using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>Index of the largest value in each row: x:(R,K) → (R) as floats. Not differentiable.</summary>
    public static Tensor ArgMax(Tensor x)
    {
        var node = Tape.Current.Record<ArgMaxNode>(false);
        var y = node.MakeOutput(x.Backend, new Shape(x.Shape.Rows));
        x.Backend.ArgMax(x, y);
        return y;
    }

    private sealed class ArgMaxNode : Node
    {
        public override string OpName => "ArgMax";

        public override void Backward() { }
    }
}
