using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Add);
    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Subtract);
    /// <summary>a·b element-wise with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Multiply);
    /// <summary>a/b element-wise with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Divide);
    /// <summary>max(a, b) element-wise; the gradient goes to a where a ≥ b.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Maximum);
    /// <summary>min(a, b) element-wise; the gradient goes to a where a ≤ b.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary(a, b, BinaryKind.Minimum);

    /// <summary>y = a ∘ b with NumPy broadcasting.</summary>
    public static Tensor Binary(Tensor a, Tensor b, BinaryKind kind)
    {
        // kind.ToString() boxes the enum: build the op name only on the error path.
        if (a.Backend != b.Backend) SameBackend(kind.ToString(), a, b);
        var shape = Shape.Broadcast(a.Shape, b.Shape);
        var node = Record<BinaryNode>(a, b);
        var y = node.MakeOutput(a.Backend, shape);
        a.Backend.Binary(kind, a, b, y);
        node.A = a; node.B = b; node.Kind = kind;
        return y;
    }

    private sealed class BinaryNode : Node
    {
        public Tensor A = null!, B = null!;
        public BinaryKind Kind;
        private Tensor? _t, _mask;

        public override string OpName => Kind.ToString();

        // da += sumTo(dy · ∂y/∂a), db += sumTo(dy · ∂y/∂b), summing over broadcast axes.
        public override void Backward()
        {
            var be = A.Backend;
            var y = Output!;
            var dy = y.Grad!;
            switch (Kind)
            {
                case BinaryKind.Add:
                    if (Needs(A)) be.SumTo(dy, A.EnsureGrad(), 1f, 1f);
                    if (Needs(B)) be.SumTo(dy, B.EnsureGrad(), 1f, 1f);
                    break;
                case BinaryKind.Subtract:
                    if (Needs(A)) be.SumTo(dy, A.EnsureGrad(), 1f, 1f);
                    if (Needs(B)) be.SumTo(dy, B.EnsureGrad(), -1f, 1f);
                    break;
                case BinaryKind.Multiply:
                    if (Needs(A)) { be.Binary(BinaryKind.Multiply, dy, B, T()); be.SumTo(_t!, A.EnsureGrad(), 1f, 1f); }
                    if (Needs(B)) { be.Binary(BinaryKind.Multiply, dy, A, T()); be.SumTo(_t!, B.EnsureGrad(), 1f, 1f); }
                    break;
                case BinaryKind.Divide:
                    // ∂(a/b)/∂a = 1/b; ∂(a/b)/∂b = −y/b
                    if (Needs(A)) { be.Binary(BinaryKind.Divide, dy, B, T()); be.SumTo(_t!, A.EnsureGrad(), 1f, 1f); }
                    if (Needs(B))
                    {
                        be.Binary(BinaryKind.Multiply, dy, y, T());
                        be.Binary(BinaryKind.Divide, _t!, B, _t!);
                        be.SumTo(_t!, B.EnsureGrad(), -1f, 1f);
                    }
                    break;
                case BinaryKind.Maximum:
                case BinaryKind.Minimum:
                    // The winner takes the gradient: a wins where (a ≥ b) for max, (b ≥ a) for min.
                    var mask = Scratch(ref _mask, be, y.Shape);
                    if (Kind == BinaryKind.Maximum) be.Binary(BinaryKind.GreaterEqual, A, B, mask);
                    else be.Binary(BinaryKind.GreaterEqual, B, A, mask);
                    if (Needs(A)) { be.Binary(BinaryKind.Multiply, dy, mask, T()); be.SumTo(_t!, A.EnsureGrad(), 1f, 1f); }
                    if (Needs(B))
                    {
                        be.Binary(BinaryKind.Multiply, dy, mask, T());
                        be.Axpby(1f, dy, -1f, _t!); // dy·(1 − mask)
                        be.SumTo(_t!, B.EnsureGrad(), 1f, 1f);
                    }
                    break;
                default:
                    throw new InvalidOperationException($"{Kind} has no gradient.");
            }
        }

        private Tensor T() => Scratch(ref _t, A.Backend, Output!.Shape);
    }
}
