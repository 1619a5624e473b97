using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation) through <see cref="IBackend.Conv2DForward"/>: im2col and matmul
    /// by default, a direct convolution on the CPU for stride 1.
    /// x:(N,C,H,W) w:(O,C,KH,KW) b:(O) → (N,O,OH,OW).
    /// </summary>
    public static Tensor Conv2D(Tensor x, Tensor w, Tensor? b, int stride = 1, int padding = 0, string? layer = null)
    {
        SameBackend("Conv2D", x, w);
        if (x.Rank != 4 || w.Rank != 4 || x.Shape[1] != w.Shape[1])
            throw new ArgumentException($"{layer ?? "Conv2D"}: input {x.Shape} does not fit weights {w.Shape} (expected (N, {(w.Rank == 4 ? w.Shape[1] : -1)}, H, W)).");
        var g = new Conv2DGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[2], w.Shape[3], stride, stride, padding, padding);
        g.Validate(layer ?? "Conv2D");
        var outChannels = w.Shape[0];
        var node = Record<Conv2DNode>(x, w, b);
        var be = x.Backend;
        node.X = x; node.W = w; node.B = b; node.G = g;
        var y = node.MakeOutput(be, new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth));
        node.Workspace.NewStep();
        be.Conv2DForward(x, w, b, y, node.Workspace, g);
        return y;
    }

    private sealed class Conv2DNode : Node
    {
        public Tensor X = null!, W = null!;
        public Tensor? B;
        public Conv2DGeometry G;
        public readonly Conv2DWorkspace Workspace = new();

        public override string OpName => "Conv2D";

        // dw, db from dy and the x the forward pass kept (IBackend.Conv2DBackwardWeights); dx += dy ⋆ᵀ w
        public override void Backward()
        {
            var be = X.Backend;
            var dy = Output!.Grad!;
            if (Needs(W) || Needs(B))
            {
                // A parameter's first contribution after ZeroGrad overwrites (as in Dense).
                bool freshW = false, freshB = false;
                var dw = Needs(W) ? W.GradToWrite(out freshW) : null;
                var db = Needs(B) ? B!.GradToWrite(out freshB) : null;
                be.Conv2DBackwardWeights(dy, dw, freshW ? 0f : 1f, db, freshB ? 0f : 1f, Workspace, G);
            }
            if (Needs(X)) be.Conv2DBackwardInput(dy, W, X.GradToWrite(out var overwrite), Workspace, G, overwrite);
        }
    }
}
