using System.Runtime.Intrinsics;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public override void Axpby(float alpha, Tensor x, float beta, Tensor y)
    {
        // y:(L) = alpha·x[..L] + beta·y
        var ys = D(y);
        var xs = D(x)[..ys.Length];
        var n = ys.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(alpha); var vb = Vector512.Create(beta);
            if (beta == 0f) for (; i + 16 <= n; i += 16) (va * Vector512.Create(xs.Slice(i, 16))).CopyTo(ys.Slice(i, 16));
            else for (; i + 16 <= n; i += 16) (va * Vector512.Create(xs.Slice(i, 16)) + vb * Vector512.Create(ys.Slice(i, 16))).CopyTo(ys.Slice(i, 16));
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha); var vb = Vector256.Create(beta);
            if (beta == 0f) for (; i + 8 <= n; i += 8) (va * Vector256.Create(xs.Slice(i, 8))).CopyTo(ys.Slice(i, 8));
            else for (; i + 8 <= n; i += 8) (va * Vector256.Create(xs.Slice(i, 8)) + vb * Vector256.Create(ys.Slice(i, 8))).CopyTo(ys.Slice(i, 8));
        }
        for (; i < n; i++) ys[i] = alpha * xs[i] + (beta == 0f ? 0f : beta * ys[i]);
    }

    /// <inheritdoc />
    public override void Unary(UnaryKind kind, Tensor x, Tensor y, float alpha)
    {
        if (!Activate(kind, D(x)[..y.Length], D(y), alpha)) base.Unary(kind, x, y, alpha);
    }

    /// <summary>y = f(x) for the functions with a vector path; false for the others.</summary>
    private static bool Activate(UnaryKind kind, ReadOnlySpan<float> x, Span<float> y, float alpha)
    {
        switch (kind)
        {
            case UnaryKind.Identity: if (!x.Overlaps(y)) x.CopyTo(y); return true;
            case UnaryKind.Scale: CpuLoops.Map<ScaleOp>(x, y, alpha); return true;
            case UnaryKind.Negate: CpuLoops.Map<ScaleOp>(x, y, -1f); return true;
            case UnaryKind.AddScalar: CpuLoops.Map<AddScalarOp>(x, y, alpha); return true;
            case UnaryKind.Square: CpuLoops.Map<SquareOp>(x, y, alpha); return true;
            case UnaryKind.Relu: CpuLoops.Map<ReluOp>(x, y, 0f); return true;
            case UnaryKind.LeakyRelu: CpuLoops.Map<LeakyReluOp>(x, y, alpha); return true;
            case UnaryKind.Sigmoid: CpuLoops.Map<SigmoidOp>(x, y, alpha); return true;
            case UnaryKind.Tanh: CpuLoops.Map<TanhOp>(x, y, alpha); return true;
            default: return false;
        }
    }

    /// <summary>Activation in place, any kind (vector path when there is one).</summary>
    private static void ActivateInPlace(UnaryKind kind, Span<float> y, float alpha)
    {
        if (kind == UnaryKind.Identity || Activate(kind, y, y, alpha)) return;
        for (var i = 0; i < y.Length; i++) y[i] = Scalar.Forward(kind, y[i], alpha);
    }

    /// <inheritdoc />
    public override void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha) =>
        UnaryBackward(kind, x, y, dy, dx, alpha, overwrite: false);

    /// <inheritdoc />
    public override void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha, bool overwrite)
    {
        var n = dx.Length;
        var xs = D(x)[..n]; var ys = D(y)[..n]; var dys = D(dy)[..n]; var dxs = D(dx);
        switch (kind)
        {
            case UnaryKind.Identity: CpuLoops.MapBackward<IdentityOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Scale: CpuLoops.MapBackward<ScaleOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Negate: CpuLoops.MapBackward<ScaleOp>(xs, ys, dys, dxs, -1f, overwrite); break;
            case UnaryKind.AddScalar: CpuLoops.MapBackward<IdentityOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Square: CpuLoops.MapBackward<SquareOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Relu: CpuLoops.MapBackward<ReluOp>(xs, ys, dys, dxs, 0f, overwrite); break;
            case UnaryKind.LeakyRelu: CpuLoops.MapBackward<LeakyReluOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Sigmoid: CpuLoops.MapBackward<SigmoidOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            case UnaryKind.Tanh: CpuLoops.MapBackward<TanhOp>(xs, ys, dys, dxs, alpha, overwrite); break;
            default: base.UnaryBackward(kind, x, y, dy, dx, alpha, overwrite); break;
        }
    }

    /// <inheritdoc />
    public override void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        var done = kind switch
        {
            BinaryKind.Add => BinaryFast<AddOp>(a, b, y),
            BinaryKind.Subtract => BinaryFast<SubtractOp>(a, b, y),
            BinaryKind.Multiply => BinaryFast<MultiplyOp>(a, b, y),
            BinaryKind.Divide => BinaryFast<DivideOp>(a, b, y),
            BinaryKind.Maximum => BinaryFast<MaximumOp>(a, b, y),
            BinaryKind.Minimum => BinaryFast<MinimumOp>(a, b, y),
            _ => false,
        };
        if (!done) base.Binary(kind, a, b, y);
    }

    /// <summary>Same shape, scalar operand, or a row vector (O) over (…,O); false for other broadcasts.</summary>
    private static bool BinaryFast<TOp>(Tensor a, Tensor b, Tensor y) where TOp : IBinaryVectorOp
    {
        int n = y.Length, o = y.Shape.Columns;
        if (n == 0) return false;
        var av = D(a); var bv = D(b); var yv = D(y);
        if (av.Length == n && bv.Length == n && a.Shape.Columns == o && b.Shape.Columns == o)
        {
            CpuLoops.Zip<TOp>(av, false, bv, false, yv);
            return true;
        }
        if (av.Length == n && bv.Length == 1) { CpuLoops.Zip<TOp>(av, false, bv, true, yv); return true; }
        if (bv.Length == n && av.Length == 1) { CpuLoops.Zip<TOp>(av, true, bv, false, yv); return true; }
        // (…,O) ∘ (O): one operand is a row repeated over every leading axis
        if (av.Length == n && bv.Length == o && b.Shape.Columns == o && a.Shape.Columns == o)
        {
            for (var r = 0; r < n; r += o) CpuLoops.Zip<TOp>(av.Slice(r, o), false, bv, false, yv.Slice(r, o));
            return true;
        }
        if (bv.Length == n && av.Length == o && a.Shape.Columns == o && b.Shape.Columns == o)
        {
            for (var r = 0; r < n; r += o) CpuLoops.Zip<TOp>(av, false, bv.Slice(r, o), false, yv.Slice(r, o));
            return true;
        }
        return av.Length == n && a.Shape == y.Shape && MiddleAxisBroadcast<TOp>(av, b, yv, y.Shape);
    }

    /// <summary>
    /// a:(…, M, inner) ∘ b broadcast along one middle axis of length M (e.g. a conv bias (O,1,1) over
    /// (N,O,H,W)): each contiguous run of <c>inner</c> elements meets one scalar of b.
    /// </summary>
    private static bool MiddleAxisBroadcast<TOp>(ReadOnlySpan<float> av, Tensor b, Span<float> yv, in Shape shape) where TOp : IBinaryVectorOp
    {
        Span<int> strides = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(b.Shape, shape, strides);
        var axis = -1;
        for (var k = 0; k < shape.Rank; k++)
        {
            if (strides[k] == 0) continue;
            if (axis >= 0 || strides[k] != 1) return false;
            axis = k;
        }
        if (axis < 0) return false;
        var middle = shape[axis];
        var inner = 1;
        for (var k = axis + 1; k < shape.Rank; k++) inner *= shape[k];
        if (inner < 8) return false;
        var bv = D(b);
        for (int start = 0, m = 0; start < yv.Length; start += inner, m = m + 1 == middle ? 0 : m + 1)
            CpuLoops.Zip<TOp>(av.Slice(start, inner), false, bv.Slice(m, 1), true, yv.Slice(start, inner));
        return true;
    }

    [ThreadStatic] private static float[]? t_sumScratch;

    /// <summary>
    /// x:(…, M, inner) → y broadcast along one axis of length M (e.g. a conv bias gradient (O,1) from
    /// (O, N·P)): each contiguous run of <c>inner</c> elements sums into one element of y, in fixed order.
    /// </summary>
    private static bool RowSums(Tensor x, Tensor y, ReadOnlySpan<float> xv, Span<float> yv, float alpha, float beta)
    {
        var shape = x.Shape;
        Span<int> strides = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(y.Shape, shape, strides);
        var axis = -1;
        for (var k = 0; k < shape.Rank; k++)
        {
            if (strides[k] == 0) continue;
            if (axis >= 0 || strides[k] != 1) return false;
            axis = k;
        }
        if (axis < 0) return false;
        var inner = 1;
        for (var k = axis + 1; k < shape.Rank; k++) inner *= shape[k];
        if (inner < 16) return false;
        var middle = shape[axis];
        var scratch = t_sumScratch is { } sc && sc.Length >= middle ? sc : t_sumScratch = new float[Math.Max(middle, 1024)];
        var acc = scratch.AsSpan(0, middle);
        acc.Clear();
        for (int start = 0, m = 0; start < xv.Length; start += inner, m = m + 1 == middle ? 0 : m + 1)
            acc[m] += Sum(xv.Slice(start, inner));
        for (var m = 0; m < middle; m++) yv[m] = alpha * acc[m] + (beta == 0f ? 0f : beta * yv[m]);
        return true;
    }

    /// <inheritdoc />
    public override void SumTo(Tensor x, Tensor y, float alpha, float beta)
    {
        var xv = D(x); var yv = D(y);
        if (xv.Length == yv.Length)
        {
            Axpby(alpha, x, beta, y);
            return;
        }
        if (yv.Length == 1)
        {
            // (…) → (1): fixed-order vector sum
            var total = Sum(xv);
            yv[0] = alpha * total + (beta == 0f ? 0f : beta * yv[0]);
            return;
        }
        var o = x.Shape.Columns;
        // (N,O) → (O) first: RowSums never takes it (its axis is the last, inner length 1) and its stride probe costs more than the sum.
        if (yv.Length == o && y.Shape.Columns == o && o > 0 && o < 16)
        {
            // (N,O) → (O), narrower than a vector: each column summed down the rows, the same adds in
            // the same order as the accumulator below, without its scratch and per-row calls.
            for (var j = 0; j < o; j++)
            {
                var sum = xv[j];
                for (var r = o + j; r < xv.Length; r += o) sum += xv[r];
                yv[j] = alpha * sum + (beta == 0f ? 0f : beta * yv[j]);
            }
            return;
        }
        if (yv.Length == o && y.Shape.Columns == o && o > 0)
        {
            // (N,O) → (O): add rows into a per-thread accumulator (no allocation after warm-up)
            var scratch = t_sumScratch is { } s && s.Length >= o ? s : t_sumScratch = new float[Math.Max(o, 1024)];
            var acc = scratch.AsSpan(0, o);
            xv[..o].CopyTo(acc);
            for (var r = o; r < xv.Length; r += o) CpuLoops.Zip<AddOp>(acc, false, xv.Slice(r, o), false, acc);
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var va = Vector512.Create(alpha); var vb = Vector512.Create(beta);
                for (; i + 16 <= o; i += 16)
                {
                    var v = va * Vector512.Create(acc.Slice(i, 16));
                    if (beta != 0f) v += vb * Vector512.Create(yv.Slice(i, 16));
                    v.CopyTo(yv.Slice(i, 16));
                }
            }
            for (; i < o; i++) yv[i] = alpha * acc[i] + (beta == 0f ? 0f : beta * yv[i]);
            return;
        }
        if (RowSums(x, y, xv, yv, alpha, beta)) return;
        base.SumTo(x, y, alpha, beta);
    }

    /// <summary>Σ x in a fixed order: four Vector512 accumulators, then a scalar tail.</summary>
    private static float Sum(ReadOnlySpan<float> x)
    {
        var i = 0;
        var total = 0f;
        if (Vector512.IsHardwareAccelerated && x.Length >= 64)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i + 64 <= x.Length; i += 64)
            {
                s0 += Vector512.Create(x.Slice(i, 16)); s1 += Vector512.Create(x.Slice(i + 16, 16));
                s2 += Vector512.Create(x.Slice(i + 32, 16)); s3 += Vector512.Create(x.Slice(i + 48, 16));
            }
            total = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        for (; i < x.Length; i++) total += x[i];
        return total;
    }
}
