using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation) by im2col and matmul (<see cref="IBackend.Conv2DForward"/>).
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
        be.Conv2DForward(x, w, b, y, node.Workspace, g);
        return y;
    }

    private sealed class Conv2DNode : Node
    {
        public Tensor X = null!, W = null!;
        public Tensor? B;
        public Conv2DGeometry G;
        public readonly Conv2DWorkspace Workspace = new();
        private Tensor? _dw2, _db2;

        public override string OpName => "Conv2D";

        // dyT = dy:(N,O,OH,OW) as (O, N·OH·OW); dw += dyT·colsᵀ; db += Σ dyT; dx += col2im(w2ᵀ·dyT)
        public override void Backward()
        {
            var be = X.Backend;
            var o = W.Shape[0];
            var dy = Output!.Grad!;
            if (Needs(W) || Needs(B))
            {
                var dyT = Workspace.ToChannelMajor(dy, o, G);
                // A parameter's first contribution after ZeroGrad overwrites (as in Dense).
                if (Needs(W))
                {
                    var dw = W.GradToWrite(out var fresh);
                    _dw2 ??= Tensor.Zeros(s_emptyShape, be);
                    _dw2.Alias(dw, new Shape(o, W.Length / o));
                    be.MatMul(dyT, Workspace.Cols(be, G), _dw2, false, true, 1f, fresh ? 0f : 1f);
                }
                if (Needs(B))
                {
                    var db = B!.GradToWrite(out var fresh);
                    _db2 ??= Tensor.Zeros(s_emptyShape, be);
                    _db2.Alias(db, new Shape(o, 1));
                    be.SumTo(dyT, _db2, 1f, fresh ? 0f : 1f);
                }
            }
            if (Needs(X)) be.Conv2DBackwardInput(dy, W, X.EnsureGrad(), Workspace, G);
        }
    }
}
