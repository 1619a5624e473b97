using ILGPU;
using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Element-wise kernels, explicitly grouped and grid-stride: the launcher caps the grid at a few
/// waves of the device, and each thread walks i, i + gridSize, … so any length runs with one launch.
/// Shapes: every view has at least n elements.
/// </summary>
internal static class ElementwiseKernels
{
    private static int First => Grid.IdxX * Group.DimX + Group.IdxX;

    private static int Step => Grid.DimX * Group.DimX;

    // y:(n) = value
    public static void Fill(ArrayView<float> y, int n, float value)
    {
        for (var i = First; i < n; i += Step) y[i] = value;
    }

    // x:(≥n) y:(n): y = alpha·x + beta·y; beta = 0 overwrites (NaN in y does not survive).
    public static void Axpby(ArrayView<float> x, ArrayView<float> y, int n, float alpha, float beta)
    {
        for (var i = First; i < n; i += Step) y[i] = alpha * x[i] + (beta == 0f ? 0f : beta * y[i]);
    }

    // x:(n) -> y:(n)
    public static void Unary(ArrayView<float> x, ArrayView<float> y, int n, UnaryKind kind, float alpha)
    {
        for (var i = First; i < n; i += Step) y[i] = KernelMath.Forward(kind, x[i], alpha);
    }

    // dx:(n) += dy·f'(x, y)
    public static void UnaryBackward(ArrayView<float> x, ArrayView<float> y, ArrayView<float> dy, ArrayView<float> dx, int n, UnaryKind kind, float alpha)
    {
        for (var i = First; i < n; i += Step) dx[i] += dy[i] * KernelMath.Derivative(kind, x[i], y[i], alpha);
    }

    // a, b, y all (n): no index arithmetic.
    public static void BinarySame(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int n, BinaryKind kind)
    {
        for (var i = First; i < n; i += Step) y[i] = KernelMath.Binary(kind, a[i], b[i]);
    }

    // y has the broadcast shape; a and b are read through strides that are 0 on stretched axes.
    public static void BinaryBroadcast(ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int n, BinaryKind kind, BroadcastArgs s)
    {
        for (var i = First; i < n; i += Step)
        {
            var ia = Int6.Offset(i, s.Dims, s.StrideA, s.Rank);
            var ib = Int6.Offset(i, s.Dims, s.StrideB, s.Rank);
            y[i] = KernelMath.Binary(kind, a[ia], b[ib]);
        }
    }

    // y:(perm of x's dims) gathers from x.
    public static void Permute(ArrayView<float> x, ArrayView<float> y, int n, PermuteArgs s)
    {
        for (var i = First; i < n; i += Step) y[i] = x[Int6.Offset(i, s.Dims, s.SourceStrides, s.Rank)];
    }

    // mask:(n) = keep where Hash(seed, i) ≥ p, else 0 — the same bits as Rng.Hash on the host.
    public static void DropoutMask(ArrayView<float> mask, int n, float p, float keep, uint seed)
    {
        for (var i = First; i < n; i += Step) mask[i] = KernelMath.Hash(seed, (uint)i) >= p ? keep : 0f;
    }

    // x:(n) *= min(1, maxNorm/√sumSquares[0]), read on the device: no host round trip.
    public static void ClipByNorm(ArrayView<float> x, ArrayView<float> sumSquares, int n, float maxNorm)
    {
        var norm = MathF.Sqrt(sumSquares[0]);
        if (norm <= maxNorm) return;
        var s = maxNorm / norm;
        for (var i = First; i < n; i += Step) x[i] *= s;
    }
}
