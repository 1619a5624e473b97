using Myelin.Autograd;

namespace Myelin;

public static partial class Ops
{
    /// <summary>Reorders axes: result axis i is input axis perm[i]. Copies.</summary>
    public static Tensor Permute(Tensor x, params ReadOnlySpan<int> perm)
    {
        if (perm.Length != x.Rank)
            throw new ArgumentException($"Permute of {x.Describe()} needs {x.Rank} axes, got {perm.Length}.");
        Span<int> dims = stackalloc int[Shape.MaxRank];
        var seen = 0;
        for (var i = 0; i < perm.Length; i++)
        {
            var p = x.Shape.Axis(perm[i]);
            if ((seen & (1 << p)) != 0) throw new ArgumentException($"Permute lists axis {p} twice.");
            seen |= 1 << p;
            dims[i] = x.Shape[p];
        }
        var node = Record<PermuteNode>(x);
        var y = node.MakeOutput(x.Backend, new Shape(dims[..perm.Length]));
        x.Backend.Permute(x, y, perm);
        node.X = x;
        node.SetInverse(perm);
        return y;
    }

    /// <summary>Swaps the last two axes of a matrix.</summary>
    public static Tensor Transpose(Tensor x)
    {
        if (x.Rank != 2) throw new ArgumentException($"Transpose needs a matrix; got {x.Describe()}. Use Permute for other ranks.");
        return Permute(x, 1, 0);
    }

    private sealed class PermuteNode : Node
    {
        public Tensor X = null!;
        private readonly int[] _inverse = new int[Shape.MaxRank];
        private int _rank;
        private Tensor? _t;

        public override string OpName => "Permute";

        public void SetInverse(ReadOnlySpan<int> perm)
        {
            _rank = perm.Length;
            for (var i = 0; i < perm.Length; i++) _inverse[perm[i]] = i;
        }

        // dx += permute(dy, inverse)
        public override void Backward()
        {
            if (!Needs(X)) return;
            var t = Scratch(ref _t, X.Backend, X.Shape);
            X.Backend.Permute(Output!.Grad!, t, _inverse.AsSpan(0, _rank));
            var dx = X.GradToWrite(out var overwrite);
            X.Backend.Axpby(1f, t, overwrite ? 0f : 1f, dx);
        }
    }
}
