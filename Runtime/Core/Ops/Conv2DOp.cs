using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation) by im2col and one matmul.
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
        // cols:(C·KH·KW, N·OH·OW); y' = w:(O, C·KH·KW) · cols → (O, N·OH·OW) → permute to (N,O,OH·OW)
        var cols = node.Cols(g);
        be.Im2Col(x, cols, g);
        var w2 = node.FlatWeights(w);
        var yT = node.YT(new Shape(outChannels, g.PatchCount));
        be.MatMul(w2, cols, yT, false, false, 1f, 0f);
        var y = node.MakeOutput(be, new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth));
        node.PermuteOut(yT, y);
        if (b is not null) be.Binary(BinaryKind.Add, y, node.BiasView(b), y);
        return y;
    }

    private sealed class Conv2DNode : Node
    {
        public Tensor X = null!, W = null!;
        public Tensor? B;
        public Conv2DGeometry G;
        private Tensor? _cols, _yT, _dyT, _dcols, _w2, _dw2, _bias4, _db4;
        private static readonly int[] s_toBatchMajor = [1, 0, 2];

        public override string OpName => "Conv2D";

        public Tensor Cols(in Conv2DGeometry g) => Scratch(ref _cols, X.Backend, new Shape(g.PatchSize, g.PatchCount));

        public Tensor YT(in Shape s) => Scratch(ref _yT, X.Backend, s);

        /// <summary>w:(O,C,KH,KW) viewed as (O, C·KH·KW), sharing memory.</summary>
        public Tensor FlatWeights(Tensor w)
        {
            var s = new Shape(w.Shape[0], w.Length / w.Shape[0]);
            _w2 ??= Tensor.Zeros(s_emptyShape, w.Backend);
            _w2.Alias(w, s);
            return _w2;
        }

        /// <summary>b:(O) viewed as (O,1,1) so it broadcasts over (N,O,OH,OW).</summary>
        public Tensor BiasView(Tensor b)
        {
            _bias4 ??= Tensor.Zeros(s_emptyShape, b.Backend);
            _bias4.Alias(b, new Shape(b.Length, 1, 1));
            return _bias4;
        }

        public void PermuteOut(Tensor yT, Tensor y)
        {
            // (O, N, OH·OW) -> (N, O, OH·OW): same memory order as (N,O,OH,OW).
            var be = X.Backend;
            var src = Scratch(ref _dyT, be, s_emptyShape);
            src.Alias(yT, new Shape(yT.Shape[0], G.Batch, G.OutHeight * G.OutWidth));
            var dst = Scratch(ref _db4, be, s_emptyShape);
            dst.Alias(y, new Shape(G.Batch, yT.Shape[0], G.OutHeight * G.OutWidth));
            be.Permute(src, dst, s_toBatchMajor);
        }

        // dy:(N,O,OH,OW) → dyT:(O, N·OH·OW); dw += dyT·colsᵀ; db += Σ dyT; dcols = w2ᵀ·dyT; dx += col2im(dcols)
        public override void Backward()
        {
            var be = X.Backend;
            var o = W.Shape[0];
            var dy = Output!.Grad!;
            var dyT = Scratch(ref _yT, be, new Shape(o, G.PatchCount));
            var src = Scratch(ref _dyT, be, s_emptyShape);
            src.Alias(dy, new Shape(G.Batch, o, G.OutHeight * G.OutWidth));
            var dst = Scratch(ref _db4, be, s_emptyShape);
            dst.Alias(dyT, new Shape(o, G.Batch, G.OutHeight * G.OutWidth));
            be.Permute(src, dst, s_toBatchMajor);
            if (Needs(W))
            {
                var dw = W.EnsureGrad();
                _dw2 ??= Tensor.Zeros(s_emptyShape, be);
                _dw2.Alias(dw, new Shape(o, W.Length / o));
                be.MatMul(dyT, _cols!, _dw2, false, true, 1f, 1f);
            }
            if (Needs(B))
            {
                var db = B!.EnsureGrad();
                var db2 = Scratch(ref _bias4, be, s_emptyShape);
                db2.Alias(db, new Shape(o, 1));
                be.SumTo(dyT, db2, 1f, 1f);
            }
            if (Needs(X))
            {
                var dcols = Scratch(ref _dcols, be, new Shape(G.PatchSize, G.PatchCount));
                be.MatMul(FlatWeights(W), dyT, dcols, true, false, 1f, 0f);
                be.Col2Im(dcols, X.EnsureGrad(), G);
            }
        }
    }
}
