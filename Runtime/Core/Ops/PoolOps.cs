using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// Max pooling x:(N,C,H,W) → (N,C,OH,OW). Stride defaults to the window size. With
    /// <paramref name="relu"/> the pooled values go through ReLU in the same op: the values and gradients
    /// of ReLU after (or before) pooling, without a second pass over the data.
    /// </summary>
    public static Tensor MaxPool2D(Tensor x, int size = 2, int? stride = null, int padding = 0, bool relu = false)
        => Pool(x, size, stride ?? size, padding, max: true, relu);

    /// <summary>Average pooling x:(N,C,H,W) → (N,C,OH,OW). Stride defaults to the window size.</summary>
    public static Tensor AvgPool2D(Tensor x, int size = 2, int? stride = null, int padding = 0)
        => Pool(x, size, stride ?? size, padding, max: false, relu: false);

    private static Tensor Pool(Tensor x, int size, int stride, int padding, bool max, bool relu)
    {
        if (x.Rank != 4) throw new ArgumentException($"{(max ? "MaxPool2D" : "AvgPool2D")} needs (N,C,H,W) input; got {x.Describe()}.");
        var g = new Conv2DGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], size, size, stride, stride, padding, padding);
        g.Validate(max ? "MaxPool2D" : "AvgPool2D");
        var node = Record<PoolNode>(x);
        var y = node.MakeOutput(x.Backend, new Shape(g.Batch, g.Channels, g.OutHeight, g.OutWidth));
        node.X = x; node.G = g; node.Max = max; node.Relu = relu;
        node.Workspace.NewStep();
        if (max) x.Backend.MaxPool2D(x, y, g, node.Workspace, relu);
        else x.Backend.AvgPool2D(x, y, g);
        return y;
    }

    private sealed class PoolNode : Node
    {
        public Tensor X = null!;
        public Conv2DGeometry G;
        public bool Max, Relu;
        public readonly PoolWorkspace Workspace = new();

        public override string OpName => Max ? Relu ? "MaxPool2D+Relu" : "MaxPool2D" : "AvgPool2D";

        // max: dx[argmax] += dy (where the maximum is positive, with ReLU); avg: dx[window] += dy / window
        public override void Backward()
        {
            if (!Needs(X)) return;
            if (Max) X.Backend.MaxPool2DBackward(X, Output!, Output!.Grad!, X.GradToWrite(out var overwrite), G, Workspace, Relu, overwrite);
            else X.Backend.AvgPool2DBackward(Output!.Grad!, X.EnsureGrad(), G);
        }
    }
}
