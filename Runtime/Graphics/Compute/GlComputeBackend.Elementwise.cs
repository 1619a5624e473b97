using Myelin.Backends;

namespace Myelin.Graphics;

public sealed partial class GlComputeBackend
{
    private readonly ComputeKernel _fill, _axpby, _sumTo, _matMul, _permute;
    private readonly KernelVariants _unary, _unaryBackward, _binary, _dense;

    /// <inheritdoc />
    public void Fill(Tensor y, float value) =>
        Run(_fill, y.Length, [y.Length], [value], y);

    /// <inheritdoc />
    public void Axpby(float alpha, Tensor x, float beta, Tensor y) =>
        Run(_axpby, y.Length, [y.Length], [alpha, beta], x, y);

    /// <inheritdoc />
    public void Unary(UnaryKind kind, Tensor x, Tensor y, float alpha) =>
        Run(_unary[(int)kind], y.Length, [y.Length, (int)kind], [alpha], x, y);

    /// <inheritdoc />
    public void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha) =>
        Run(_unaryBackward[(int)kind], dx.Length, [dx.Length, (int)kind], [alpha], x, y, dy, dx);

    /// <inheritdoc />
    public void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y)
    {
        // ints: n, kind, rank, shape[6], strideA[6], strideB[6]
        Span<int> ints = stackalloc int[3 + 3 * Shape.MaxRank];
        ints.Clear();
        var shape = y.Shape;
        ints[0] = y.Length; ints[1] = (int)kind; ints[2] = shape.Rank;
        shape.CopyTo(ints.Slice(3, shape.Rank));
        Shape.BroadcastStrides(a.Shape, shape, ints.Slice(3 + Shape.MaxRank, shape.Rank));
        Shape.BroadcastStrides(b.Shape, shape, ints.Slice(3 + 2 * Shape.MaxRank, shape.Rank));
        Run(_binary[(int)kind], y.Length, ints, [], a, b, y);
    }

    /// <inheritdoc />
    public void SumTo(Tensor x, Tensor y, float alpha, float beta)
    {
        // ints: nY, nX, rank, xShape[6], xStride[6], yStride[6] (0 on summed axes)
        Span<int> ints = stackalloc int[3 + 3 * Shape.MaxRank];
        ints.Clear();
        var shape = x.Shape;
        ints[0] = y.Length; ints[1] = x.Length; ints[2] = shape.Rank;
        for (var k = 0; k < shape.Rank; k++)
        {
            ints[3 + k] = shape[k];
            ints[3 + Shape.MaxRank + k] = shape.Stride(k);
        }
        Shape.BroadcastStrides(y.Shape, shape, ints.Slice(3 + 2 * Shape.MaxRank, shape.Rank));
        // An axis of length 1 in x is "kept" either way; mark it kept so y's index walks it.
        for (var k = 0; k < shape.Rank; k++)
            if (shape[k] == 1) ints[3 + 2 * Shape.MaxRank + k] = 1;
        Run(_sumTo, y.Length, ints, [alpha, beta], x, y);
    }

    /// <inheritdoc />
    public void MatMul(Tensor a, Tensor b, Tensor c, bool transA, bool transB, float alpha, float beta)
    {
        var (m, k, n) = ReferenceBackend.MatMulDims(a, b, c, transA, transB);
        Run2D(_matMul, n, m, [m, k, n, transA ? 1 : 0, transB ? 1 : 0], [alpha, beta], a, b, c);
    }

    /// <inheritdoc />
    public void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
    {
        // x:(N,I) w:(I,O) bias:(O) -> y:(N,O)
        int n = x.Shape[0], i = w.Shape[0], o = w.Shape[1];
        Run(_dense[(int)activation], n * o, [n, i, o, (int)activation, bias is null ? 0 : 1], [alpha], x, w, bias, y);
    }

    /// <inheritdoc />
    public void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm)
    {
        // ints: n, rank, yShape[6], sourceStride[6] = x's stride of the axis each y axis reads
        Span<int> ints = stackalloc int[2 + 2 * Shape.MaxRank];
        ints.Clear();
        ints[0] = y.Length; ints[1] = y.Rank;
        for (var j = 0; j < y.Rank; j++)
        {
            ints[2 + j] = y.Shape[j];
            ints[2 + Shape.MaxRank + j] = x.Shape.Stride(perm[j]);
        }
        Run(_permute, y.Length, ints, [], x, y);
    }
}
