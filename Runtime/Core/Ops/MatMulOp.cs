using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>Matrix product a:(M,K) · b:(K,N) → (M,N); either operand may be transposed.</summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        SameBackend("MatMul", a, b);
        if (a.Rank != 2 || b.Rank != 2)
            throw new ArgumentException($"MatMul needs 2-D operands; got {a.Describe()} and {b.Describe()}.");
        var m = transA ? a.Shape[1] : a.Shape[0];
        var k = transA ? a.Shape[0] : a.Shape[1];
        var kb = transB ? b.Shape[1] : b.Shape[0];
        var n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ArgumentException($"MatMul: inner dimensions differ: {a.Describe()}{(transA ? "ᵀ" : "")} · {b.Describe()}{(transB ? "ᵀ" : "")}.");
        var node = Record<MatMulNode>(a, b);
        var c = node.MakeOutput(a.Backend, new Shape(m, n));
        a.Backend.MatMul(a, b, c, transA, transB, 1f, 0f);
        node.A = a; node.B = b; node.TransA = transA; node.TransB = transB;
        return c;
    }

    private sealed class MatMulNode : Node
    {
        public Tensor A = null!, B = null!;
        public bool TransA, TransB;

        public override string OpName => "MatMul";

        // c = op(a)·op(b): d op(a) = dc·op(b)ᵀ, d op(b) = op(a)ᵀ·dc, transposed back where needed.
        public override void Backward()
        {
            var be = A.Backend;
            var dc = Output!.Grad!;
            // A gradient's first contribution after it was zeroed overwrites (beta 0).
            if (Needs(A))
            {
                var da = A.GradToWrite(out var overwrite);
                if (!TransA) be.MatMul(dc, B, da, false, !TransB, 1f, overwrite ? 0f : 1f);
                else be.MatMul(B, dc, da, TransB, true, 1f, overwrite ? 0f : 1f);
            }
            if (Needs(B))
            {
                var db = B.GradToWrite(out var overwrite);
                if (!TransB) be.MatMul(A, dc, db, !TransA, false, 1f, overwrite ? 0f : 1f);
                else be.MatMul(dc, A, db, true, TransA, 1f, overwrite ? 0f : 1f);
            }
        }
    }
}
