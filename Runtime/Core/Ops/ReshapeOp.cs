using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>The same elements viewed with another shape (one dimension may be -1). Shares memory.</summary>
    public static Tensor Reshape(Tensor x, params ReadOnlySpan<int> dims) => Reshape(x, x.Shape.Reshape(dims));

    /// <summary>The same elements viewed with another shape of equal length. Shares memory.</summary>
    public static Tensor Reshape(Tensor x, in Shape shape)
    {
        if (shape.Length != x.Length)
            throw new ArgumentException($"Cannot reshape {x.Describe()} ({x.Length} elements) to {shape} ({shape.Length} elements).");
        var node = Record<ReshapeNode>(x);
        var y = node.MakeView(x, shape);
        node.X = x;
        return y;
    }

    /// <summary>(N, ...) → (N, rest): keeps the first axis, flattens the others.</summary>
    public static Tensor Flatten(Tensor x) => Reshape(x, x.Shape[0], -1);

    private sealed class ReshapeNode : Node
    {
        public Tensor X = null!;
        private Tensor? _view;

        public override string OpName => "Reshape";

        public Tensor MakeView(Tensor x, in Shape shape)
        {
            // The output aliases x's storage; gradients get their own memory.
            var y = MakeOutput(x.Backend, s_emptyShape);
            y.Alias(x, shape);
            _view = y;
            return y;
        }

        // dx += dy (same elements, other shape)
        public override void Backward()
        {
            if (!Needs(X)) return;
            var dx = X.GradToWrite(out var overwrite);
            X.Backend.Axpby(1f, _view!.Grad!, overwrite ? 0f : 1f, dx);
        }
    }
}
