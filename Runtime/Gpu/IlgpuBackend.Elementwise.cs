using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    public void Fill(Tensor y, float value)
    {
        if (y.Length == 0) return;
        _fill(Stride(y.Length), V(y), y.Length, value);
    }

    /// <inheritdoc />
    public void Axpby(float alpha, Tensor x, float beta, Tensor y)
    {
        if (y.Length == 0) return;
        if (x.Length < y.Length) throw new ArgumentException($"Axpby: x {x.Shape} is shorter than y {y.Shape}.");
        _axpby(Stride(y.Length), V(x), V(y), y.Length, alpha, beta);
    }

    /// <inheritdoc />
    public void Unary(UnaryKind kind, Tensor x, Tensor y, float alpha)
    {
        if (y.Length == 0) return;
        _unary(Stride(y.Length), V(x), V(y), y.Length, kind, alpha);
    }

    /// <inheritdoc />
    public void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha)
    {
        if (dx.Length == 0) return;
        _unaryBackward(Stride(dx.Length), V(x), V(y), V(dy), V(dx), dx.Length, kind, alpha);
    }

    /// <inheritdoc />
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        var n = y.Length;
        if (n == 0) return;
        if (a.Shape == y.Shape && b.Shape == y.Shape)
        {
            _binarySame(Stride(n), V(a), V(b), V(y), n, kind);
            return;
        }
        var shape = y.Shape;
        Span<int> sa = stackalloc int[Shape.MaxRank];
        Span<int> sb = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(a.Shape, shape, sa);
        Shape.BroadcastStrides(b.Shape, shape, sb);
        var args = new BroadcastArgs { Rank = shape.Rank };
        for (var k = 0; k < shape.Rank; k++)
        {
            args.Dims.Set(k, shape[k]);
            args.StrideA.Set(k, sa[k]);
            args.StrideB.Set(k, sb[k]);
        }
        _binaryBroadcast(Stride(n), V(a), V(b), V(y), n, kind, args);
    }

    /// <inheritdoc />
    public void SumTo(Tensor x, Tensor y, float alpha, float beta)
    {
        if (y.Length == 0) return;
        var shape = x.Shape;
        Span<int> sy = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(y.Shape, shape, sy);
        var r = new ReduceArgs { Alpha = alpha, Beta = beta, Outputs = y.Length, Reduced = 1 };
        // Axes of length 1 take no part; the rest are kept (one output each) or summed over.
        for (var k = 0; k < shape.Rank; k++)
        {
            var d = shape[k];
            if (d == 1) continue;
            var stride = shape.Stride(k);
            if (sy[k] == 0)
            {
                r.ReducedDims.Set(r.ReducedRank, d);
                r.ReducedStrides.Set(r.ReducedRank++, stride);
                r.Reduced *= d;
            }
            else
            {
                r.KeptDims.Set(r.KeptRank, d);
                r.KeptStrides.Set(r.KeptRank++, stride);
            }
        }
        if (x.Length == 0) r.Reduced = 0;
        _sumTo(new(Math.Min(y.Length, _maxGroups * 4), _group), V(x), V(y), r);
    }

    /// <inheritdoc />
    public void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        if (y.Length == 0) return;
        var xs = x.Shape; var ys = y.Shape;
        if (perm.Length != xs.Rank || ys.Rank != xs.Rank)
            throw new ArgumentException($"Permute: permutation of length {perm.Length} does not fit x {xs} → y {ys}.");
        var args = new PermuteArgs { Rank = ys.Rank };
        for (var j = 0; j < ys.Rank; j++)
        {
            args.Dims.Set(j, ys[j]);
            args.SourceStrides.Set(j, xs.Stride(perm[j]));
        }
        _permute(Stride(y.Length), V(x), V(y), y.Length, args);
    }

    /// <inheritdoc />
    public void DropoutMask(Tensor mask, float p, uint seed)
    {
        if (mask.Length == 0) return;
        _dropoutMask(Stride(mask.Length), V(mask), mask.Length, p, 1f / (1f - p), seed);
    }

    /// <inheritdoc />
    public void ClipByNorm(Tensor x, Tensor sumSquares, float maxNorm)
    {
        if (x.Length == 0) return;
        _clipByNorm(Stride(x.Length), V(x), V(sumSquares), x.Length, maxNorm);
    }
}
