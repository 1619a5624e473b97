namespace Myelin.Backends;

/// <summary>
/// The specification: every primitive as a plain scalar loop in double-checked, obvious form.
/// Faster backends (Cpu, ILGPU, GL compute) are tested against this one.
/// </summary>
public partial class ReferenceBackend : IBackend
{
    /// <summary>The shared instance.</summary>
    public static ReferenceBackend Instance { get; } = new();

    /// <inheritdoc />
    public virtual string Name => "reference";

    /// <inheritdoc />
    public TensorStorage Allocate(int capacity) => new HostStorage(this, capacity);

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<float> source, Tensor destination)
    {
        if (source.Length > destination.Length)
            throw new ArgumentException($"{source.Length} values do not fit tensor {destination.Describe()}.");
        source.CopyTo(D(destination));
    }

    /// <inheritdoc />
    public void Download(Tensor source, Span<float> destination) => D(source)[..destination.Length].CopyTo(destination);

    /// <summary>The tensor's elements; throws when it lives on another backend's memory.</summary>
    protected static Span<float> D(Tensor t) => t.Storage is HostStorage h
        ? h.Data.AsSpan(0, t.Length)
        : throw new ArgumentException($"Tensor {t.Describe()} lives on backend '{t.Backend.Name}'; host backends need host tensors.");

    /// <inheritdoc />
    public virtual void Fill(Tensor y, float value) => D(y).Fill(value);

    /// <inheritdoc />
    public virtual void Axpby(float alpha, Tensor x, float beta, Tensor y)
    {
        var xs = D(x); var ys = D(y);
        for (var i = 0; i < ys.Length; i++) ys[i] = alpha * xs[i] + (beta == 0f ? 0f : beta * ys[i]);
    }

    /// <inheritdoc />
    public virtual void Unary(UnaryKind kind, Tensor x, Tensor y, float alpha)
    {
        var xs = D(x); var ys = D(y);
        for (var i = 0; i < ys.Length; i++) ys[i] = Scalar.Forward(kind, xs[i], alpha);
    }

    /// <inheritdoc />
    public virtual void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha) =>
        ReferenceUnaryBackward(kind, x, y, dy, dx, alpha);

    private static void ReferenceUnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha)
    {
        var xs = D(x); var ys = D(y); var dys = D(dy); var dxs = D(dx);
        for (var i = 0; i < dxs.Length; i++) dxs[i] += dys[i] * Scalar.Derivative(kind, xs[i], ys[i], alpha);
    }

    /// <inheritdoc />
    public virtual void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        var shape = y.Shape;
        Span<int> sa = stackalloc int[Shape.MaxRank];
        Span<int> sb = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(a.Shape, shape, sa);
        Shape.BroadcastStrides(b.Shape, shape, sb);
        var av = D(a); var bv = D(b); var yv = D(y);
        Span<int> index = stackalloc int[Shape.MaxRank];
        for (var i = 0; i < yv.Length; i++)
        {
            Unravel(i, shape, index);
            int ia = 0, ib = 0;
            for (var k = 0; k < shape.Rank; k++) { ia += index[k] * sa[k]; ib += index[k] * sb[k]; }
            yv[i] = Scalar.Binary(kind, av[ia], bv[ib]);
        }
    }

    /// <inheritdoc />
    public virtual void SumTo(Tensor x, Tensor y, float alpha, float beta)
    {
        // Per output element, a double sum over the reduced axes in increasing x order; no scratch memory.
        var shape = x.Shape;
        Span<int> sy = stackalloc int[Shape.MaxRank];
        Shape.BroadcastStrides(y.Shape, shape, sy);
        Span<int> keptDims = stackalloc int[Shape.MaxRank], keptStrides = stackalloc int[Shape.MaxRank];
        Span<int> sumDims = stackalloc int[Shape.MaxRank], sumStrides = stackalloc int[Shape.MaxRank];
        int kept = 0, summed = 0, count = 1;
        for (var k = 0; k < shape.Rank; k++)
        {
            if (sy[k] == 0 && shape[k] != 1) { sumDims[summed] = shape[k]; sumStrides[summed++] = shape.Stride(k); count *= shape[k]; }
            else { keptDims[kept] = shape[k]; keptStrides[kept++] = shape.Stride(k); }
        }
        var xv = D(x); var yv = D(y);
        for (var iy = 0; iy < yv.Length; iy++)
        {
            var start = Offset(iy, keptDims[..kept], keptStrides);
            double acc = 0;
            for (var r = 0; r < count; r++) acc += xv[start + Offset(r, sumDims[..summed], sumStrides)];
            yv[iy] = (float)(alpha * acc) + (beta == 0f ? 0f : beta * yv[iy]);
        }
    }

    /// <summary>Element offset of row-major position <paramref name="flat"/> over <paramref name="dims"/> with <paramref name="strides"/>.</summary>
    private static int Offset(int flat, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides)
    {
        var offset = 0;
        for (var k = dims.Length - 1; k >= 0; k--)
        {
            offset += flat % dims[k] * strides[k];
            flat /= dims[k];
        }
        return offset;
    }

    /// <summary>Row-major multi-index of flat position <paramref name="flat"/>.</summary>
    protected static void Unravel(int flat, in Shape shape, Span<int> index)
    {
        for (var k = shape.Rank - 1; k >= 0; k--)
        {
            var d = shape[k];
            index[k] = flat % d;
            flat /= d;
        }
    }

    /// <inheritdoc />
    public virtual void MatMul(Tensor a, Tensor b, Tensor c, bool transA, bool transB, float alpha, float beta)
    {
        var (m, k, n) = MatMulDims(a, b, c, transA, transB);
        var av = D(a); var bv = D(b); var cv = D(c);
        // Every c[i,j] is the double sum over p = 0..k-1 in order; the loop order only keeps the
        // inner loop on contiguous memory (rows of b), which does not change a single bit.
        if (transB)
        {
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (var p = 0; p < k; p++) sum += (double)(transA ? av[p * m + i] : av[i * k + p]) * bv[j * k + p];
                    cv[i * n + j] = (float)(alpha * sum) + (beta == 0f ? 0f : beta * cv[i * n + j]);
                }
            return;
        }
        const int chunk = 256;
        Span<double> acc = stackalloc double[chunk];
        for (var i = 0; i < m; i++)
            for (var j0 = 0; j0 < n; j0 += chunk)
            {
                var len = Math.Min(chunk, n - j0);
                var sums = acc[..len];
                sums.Clear();
                for (var p = 0; p < k; p++)
                {
                    double x = transA ? av[p * m + i] : av[i * k + p];
                    var row = bv.Slice(p * n + j0, len);
                    for (var j = 0; j < len; j++) sums[j] += x * row[j];
                }
                var ci = cv.Slice(i * n + j0, len);
                for (var j = 0; j < len; j++) ci[j] = (float)(alpha * sums[j]) + (beta == 0f ? 0f : beta * ci[j]);
            }
    }

    /// <summary>Checks 2-D operand shapes of a matmul and returns (M, K, N).</summary>
    public static (int M, int K, int N) MatMulDims(Tensor a, Tensor b, Tensor c, bool transA, bool transB)
    {
        if (a.Rank != 2 || b.Rank != 2 || c.Rank != 2)
            throw new ArgumentException($"MatMul needs 2-D operands; got {a.Shape}, {b.Shape} and {c.Shape}.");
        var m = transA ? a.Shape[1] : a.Shape[0];
        var k = transA ? a.Shape[0] : a.Shape[1];
        var kb = transB ? b.Shape[1] : b.Shape[0];
        var n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb || c.Shape[0] != m || c.Shape[1] != n)
            throw new ArgumentException($"MatMul shapes do not fit: a {a.Shape}{(transA ? "ᵀ" : "")} · b {b.Shape}{(transB ? "ᵀ" : "")} → c {c.Shape}.");
        return (m, k, n);
    }

    /// <inheritdoc />
    public virtual void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
    {
        MatMul(x, w, y, false, false, 1f, 0f);
        var ys = D(y);
        var o = w.Shape[1];
        if (bias is not null)
        {
            var bs = D(bias);
            for (var i = 0; i < ys.Length; i++) ys[i] += bs[i % o];
        }
        if (activation != UnaryKind.Identity)
            for (var i = 0; i < ys.Length; i++) ys[i] = Scalar.Forward(activation, ys[i], alpha);
    }

    /// <inheritdoc />
    public virtual void DenseChain(Tensor x, ReadOnlySpan<DenseStage> stages, ReadOnlySpan<Tensor> outputs) =>
        IBackend.DenseEachStage(this, x, stages, outputs);

    /// <inheritdoc />
    public virtual void Conv2DForward(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.ForwardByPrimitives(this, x, w, bias, y, g);

    /// <inheritdoc />
    public virtual void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.BackwardInputByPrimitives(this, dy, w, dx, g);

    // The overwrite overloads fill, then run the reference's own accumulating code (not the virtual
    // overload: a subclass that forwards the accumulating overload to its overwrite one would loop).

    /// <inheritdoc />
    public virtual void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        workspace.BackwardInputByPrimitives(this, dy, w, dx, g);
    }

    /// <inheritdoc />
    public virtual void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        ReferenceUnaryBackward(kind, x, y, dy, dx, alpha);
    }

    /// <inheritdoc />
    public virtual void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        ReferenceMaxPool2DBackward(x, dy, dx, g);
    }

    /// <inheritdoc />
    public virtual void Conv2DForwardPooled(Tensor x, Tensor w, Tensor? bias, Tensor pooled, Conv2DWorkspace workspace, PoolWorkspace pool, in Conv2DGeometry g, bool relu) =>
        pool.ForwardConvByPrimitives(this, x, w, bias, pooled, workspace, g, relu);

    /// <inheritdoc />
    public virtual void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g, PoolWorkspace workspace, bool relu) =>
        workspace.ForwardByPrimitives(this, x, y, g, relu);

    /// <inheritdoc />
    public virtual void MaxPool2DBackward(Tensor? x, Tensor y, Tensor dy, Tensor dx, in Conv2DGeometry g, PoolWorkspace workspace, bool relu, bool overwrite) =>
        workspace.BackwardByPrimitives(this, x, y, dy, dx, g, relu, overwrite);

    /// <inheritdoc />
    public virtual void Conv2DBackwardWeights(Tensor dy, Tensor? dw, float betaW, Tensor? db, float betaB, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.BackwardWeightsByPrimitives(this, dy, dw, betaW, db, betaB, g);

    /// <inheritdoc />
    public virtual void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        var xs = x.Shape; var ys = y.Shape;
        Span<int> idx = stackalloc int[Shape.MaxRank];
        var xv = D(x); var yv = D(y);
        for (var i = 0; i < yv.Length; i++)
        {
            Unravel(i, ys, idx);
            var src = 0;
            for (var k = 0; k < xs.Rank; k++)
            {
                // y axis j reads x axis perm[j]: find the y axis that maps to x axis k.
                var j = perm.IndexOf(k);
                src = src * xs[k] + idx[j];
            }
            yv[i] = xv[src];
        }
    }
}
