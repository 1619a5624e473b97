using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>Sums x down to <paramref name="shape"/> (which must broadcast to x's shape), times <paramref name="scale"/>.</summary>
    public static Tensor SumTo(Tensor x, in Shape shape, float scale = 1f)
    {
        // A one-element target of no higher rank always broadcasts (the loss's Mean, every step).
        var fits = shape.Length == 1 && shape.Rank <= x.Rank || Shape.Broadcast(shape, x.Shape) == x.Shape;
        if (!fits)
            throw new ArgumentException($"SumTo: {shape} does not broadcast to {x.Describe()}.");
        var node = Record<SumNode>(x);
        var y = node.MakeOutput(x.Backend, shape);
        x.Backend.SumTo(x, y, scale, 0f);
        node.X = x; node.Scale = scale;
        return y;
    }

    /// <summary>Sum of all elements → shape (1).</summary>
    public static Tensor Sum(Tensor x) => SumTo(x, s_oneShape);

    /// <summary>Mean of all elements → shape (1).</summary>
    public static Tensor Mean(Tensor x) => SumTo(x, s_oneShape, 1f / Math.Max(1, x.Length));

    /// <summary>Mean over the axes where <paramref name="shape"/> has 1 (keeps dims).</summary>
    public static Tensor MeanTo(Tensor x, in Shape shape) => SumTo(x, shape, (float)shape.Length / Math.Max(1, x.Length));

    private sealed class SumNode : Node
    {
        public Tensor X = null!;
        public float Scale;
        private Tensor? _t;

        public override string OpName => "Sum";

        // dx += scale · broadcast(dy)
        public override void Backward()
        {
            if (!Needs(X)) return;
            var be = X.Backend;
            var dy = Output!.Grad!;
            var dx = X.EnsureGrad();
            if (Scale != 1f)
            {
                var t = Scratch(ref _t, be, dy.Shape);
                be.Unary(UnaryKind.Scale, dy, t, Scale);
                dy = t;
            }
            be.Binary(BinaryKind.Add, dx, dy, dx);
        }
    }
}
