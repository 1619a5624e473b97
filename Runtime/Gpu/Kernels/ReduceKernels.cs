using ILGPU;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// SumTo as one thread group per output element: the group strides over the reduced index space,
/// then a shared-memory tree adds the partial sums. Deterministic (no atomics); the group size must
/// be a power of two no larger than <see cref="MaxGroup"/>.
/// </summary>
internal static class ReduceKernels
{
    public const int MaxGroup = 256;

    // x:(dims) -> y:(kept dims) = alpha·Σ_reduced x + beta·y
    public static void SumTo(ArrayView<float> x, ArrayView<float> y, ReduceArgs r)
    {
        var partial = SharedMemory.Allocate<float>(MaxGroup);
        var t = Group.IdxX;
        for (var o = Grid.IdxX; o < r.Outputs; o += Grid.DimX)
        {
            var baseOffset = Int6.Offset(o, r.KeptDims, r.KeptStrides, r.KeptRank);
            var acc = 0f;
            for (var q = t; q < r.Reduced; q += Group.DimX)
                acc += x[baseOffset + Int6.Offset(q, r.ReducedDims, r.ReducedStrides, r.ReducedRank)];
            partial[t] = acc;
            Group.Barrier();
            for (var s = Group.DimX / 2; s > 0; s >>= 1)
            {
                if (t < s) partial[t] += partial[t + s];
                Group.Barrier();
            }
            if (t == 0) y[o] = r.Alpha * partial[0] + (r.Beta == 0f ? 0f : r.Beta * y[o]);
            Group.Barrier();
        }
    }
}
