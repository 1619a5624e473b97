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
        var g = ConvGeometry("Conv2D", x, w, stride, padding, layer);
        var outChannels = w.Shape[0];
        var node = Record<Conv2DNode>(x, w, b);
        var be = x.Backend;
        node.X = x; node.W = w; node.B = b; node.G = g;
        var y = node.MakeOutput(be, new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth));
        node.Workspace.NewStep();
        be.Conv2DForward(x, w, b, y, node.Workspace, g);
        return y;
    }

    /// <summary>
    /// 2-D convolution, ReLU when <paramref name="relu"/> is set, then 2×2 max pooling with stride 2, as one
    /// op: the values and gradients of <see cref="Conv2D"/>, <see cref="Unary"/> and
    /// <see cref="MaxPool2D"/> in a row (through <see cref="IBackend.Conv2DForwardPooled"/>; the CPU pools
    /// in the convolution's epilogue and never writes the full-size output). The convolution's output
    /// height and width must be even. → (N, O, OH/2, OW/2).
    /// </summary>
    public static Tensor Conv2DPooled(Tensor x, Tensor w, Tensor? b, int stride = 1, int padding = 0, bool relu = true, string? layer = null)
    {
        var g = ConvGeometry("Conv2DPooled", x, w, stride, padding, layer);
        if (g.OutHeight % 2 != 0 || g.OutWidth % 2 != 0)
            throw new ArgumentException($"{layer ?? "Conv2DPooled"}: the convolution's output {g.OutHeight}×{g.OutWidth} must have an even height and width for 2×2 pooling.");
        var node = Record<Conv2DPooledNode>(x, w, b);
        var be = x.Backend;
        node.X = x; node.W = w; node.B = b; node.G = g; node.Relu = relu;
        var y = node.MakeOutput(be, new Shape(g.Batch, w.Shape[0], g.OutHeight / 2, g.OutWidth / 2));
        node.Workspace.NewStep();
        node.Pool.NewStep();
        be.Conv2DForwardPooled(x, w, b, y, node.Workspace, node.Pool, g, relu);
        return y;
    }

    private static Conv2DGeometry ConvGeometry(string op, Tensor x, Tensor w, int stride, int padding, string? layer)
    {
        SameBackend(op, x, w);
        if (x.Rank != 4 || w.Rank != 4 || x.Shape[1] != w.Shape[1])
            throw new ArgumentException($"{layer ?? op}: input {x.Shape} does not fit weights {w.Shape} (expected (N, {(w.Rank == 4 ? w.Shape[1] : -1)}, H, W)).");
        var g = new Conv2DGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], w.Shape[2], w.Shape[3], stride, stride, padding, padding);
        g.Validate(layer ?? op);
        return g;
    }

    // Not recorded itself: the tape reuses a node by an exact type test on sealed types.
    private abstract class ConvNodeBase : Node
    {
        public Tensor X = null!, W = null!;
        public Tensor? B;
        public Conv2DGeometry G;
        public readonly Conv2DWorkspace Workspace = new();

        // dw, db from dy and the x the forward pass kept (IBackend.Conv2DBackwardWeights); dx += dy ⋆ᵀ w
        protected void BackwardFrom(Tensor dy)
        {
            var be = X.Backend;
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

    private sealed class Conv2DNode : ConvNodeBase
    {
        public override string OpName => "Conv2D";

        public override void Backward() => BackwardFrom(Output!.Grad!);
    }

    private sealed class Conv2DPooledNode : ConvNodeBase
    {
        public bool Relu;
        public readonly PoolWorkspace Pool = new();
        private Tensor? _dFull;

        public override string OpName => Relu ? "Conv2D+Relu+MaxPool2D" : "Conv2D+MaxPool2D";

        // dy of the convolution = dy of the pool routed to the windows' winners (recorded, or found in
        // the full-size output the default forward pass kept), then as Conv2D
        public override void Backward()
        {
            var be = X.Backend;
            var dFull = Scratch(ref _dFull, be, new Shape(G.Batch, W.Shape[0], G.OutHeight, G.OutWidth));
            be.MaxPool2DBackward(Pool.Source, Output!, Output!.Grad!, dFull, PoolGeometry(G, W.Shape[0]), Pool, Relu, overwrite: true);
            BackwardFrom(dFull);
        }
    }

    /// <summary>The 2×2, stride-2 pooling of a convolution's output with geometry <paramref name="g"/> and <paramref name="outChannels"/> channels.</summary>
    internal static Conv2DGeometry PoolGeometry(in Conv2DGeometry g, int outChannels) =>
        new(g.Batch, outChannels, g.OutHeight, g.OutWidth, 2, 2, 2, 2, 0, 0);
}
