using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>
    /// Fused dense layer y = act(x·w + b). x:(N,I) w:(I,O) b:(O) → (N,O). The activation is fused
    /// only when its derivative follows from y alone (identity, ReLU, leaky ReLU, ELU, sigmoid,
    /// tanh); others run as a separate element-wise op.
    /// </summary>
    public static Tensor Dense(Tensor x, Tensor w, Tensor? b, UnaryKind activation = UnaryKind.Identity, float alpha = 0f, string? layer = null)
    {
        SameBackend("Dense", x, w);
        if (x.Rank != 2 || w.Rank != 2 || x.Shape[1] != w.Shape[0])
            throw new ArgumentException($"{layer ?? "Dense"}: input {x.Shape} does not fit weights {w.Shape} (expected (N, {(w.Rank == 2 ? w.Shape[0] : -1)})).");
        if (b is not null && (b.Rank != 1 || b.Shape[0] != w.Shape[1]))
            throw new ArgumentException($"{layer ?? "Dense"}: bias {b.Shape} does not fit weights {w.Shape}.");
        var fused = FusesFromOutput(activation) ? activation : UnaryKind.Identity;
        var node = Record<DenseNode>(x, w, b);
        var y = node.MakeOutput(x.Backend, new Shape(x.Shape[0], w.Shape[1]));
        x.Backend.Dense(x, w, b, y, fused, alpha);
        node.X = x; node.W = w; node.B = b; node.Activation = fused; node.Alpha = alpha;
        return fused == activation ? y : Unary(y, activation, alpha);
    }

    /// <summary>True when f'(x) can be computed from y = f(x), so the activation can be fused.</summary>
    public static bool FusesFromOutput(UnaryKind kind) => kind is UnaryKind.Identity or UnaryKind.Relu
        or UnaryKind.LeakyRelu or UnaryKind.Elu or UnaryKind.Sigmoid or UnaryKind.Tanh;

    private sealed class DenseNode : Node
    {
        public Tensor X = null!, W = null!;
        public Tensor? B;
        public UnaryKind Activation;
        public float Alpha;
        private Tensor? _dz;

        public override string OpName => "Dense";

        // dz = dy·f'(y); dx += dz·wᵀ; dw += xᵀ·dz; db += Σ_n dz
        public override void Backward()
        {
            var be = X.Backend;
            var y = Output!;
            var dz = y.Grad!;
            if (Activation != UnaryKind.Identity)
            {
                dz = Scratch(ref _dz, be, y.Shape);
                // Fusable activations have sign(x) = sign(y), so y stands in for x.
                be.UnaryBackward(Activation, y, y, y.Grad!, dz, Alpha, overwrite: true);
            }
            if (Needs(X))
            {
                var dx = X.GradToWrite(out var overwrite);
                be.MatMul(dz, W, dx, false, true, 1f, overwrite ? 0f : 1f);
            }
            // A parameter's first contribution after ZeroGrad overwrites instead of adding to zeros.
            if (Needs(W))
            {
                var dw = W.GradToWrite(out var fresh);
                be.MatMul(X, dz, dw, true, false, 1f, fresh ? 0f : 1f);
            }
            if (Needs(B))
            {
                var db = B!.GradToWrite(out var fresh);
                be.SumTo(dz, db, 1f, fresh ? 0f : 1f);
            }
        }
    }
}
