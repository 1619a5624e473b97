using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>Products with at most 16 columns, taken by <see cref="MatMul"/> before the packed GEMM.</summary>
public sealed partial class CpuBackend
{
    private const int SkinnyColumns = 16, SkinnyRows = 16;
    private readonly SkinnyJob _skinnyJob = new();

    /// <summary>
    /// c:(M,N) = alpha·op(a)·b + beta·c for N ≤ 16 with b's rows contiguous: a classifier head's weight
    /// gradient xᵀ·dz (784×10 over a batch of 64). The packed GEMM pads N to its 32-wide tile and packs
    /// both operands; here a row of c is one masked vector, and each p costs one load of b's row and a
    /// broadcast of a per row, sixteen rows at a time. Each element is one FMA chain over p in order
    /// and parts own fixed row blocks, so the bits do not depend on the thread count.
    /// </summary>
    private void SkinnyGemm(float[] a, float[] b, float[] c, int m, int k, int n, bool transA, float alpha, float beta)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"SkinnyGemm: buffers do not fit ({m}x{k})·({k}x{n}).");
        var job = _skinnyJob;
        job.A = a; job.B = b; job.C = c;
        job.M = m; job.K = k; job.N = n;
        job.RsA = transA ? 1 : k; job.CsA = transA ? m : 1;
        job.Alpha = alpha; job.Beta = beta;
        var parts = Math.Min(PartsFor(2.0 * m * n * k), (m + SkinnyRows - 1) / SkinnyRows);
        try
        {
            RunParts(job, parts);
        }
        finally { job.A = job.B = job.C = null!; }
    }

    private sealed class SkinnyJob : IPartitionedJob
    {
        public float[] A = null!, B = null!, C = null!;
        public int M, K, N, RsA, CsA;
        public float Alpha, Beta;

        public unsafe void Run(int part, int parts)
        {
            var blocks = (M + SkinnyRows - 1) / SkinnyRows;
            int i0 = blocks * part / parts * SkinnyRows, i1 = Math.Min(M, blocks * (part + 1) / parts * SkinnyRows);
            var mask = TailMask(N);
            fixed (float* a = A, b = B, c = C)
            {
                var i = i0;
                for (; i + SkinnyRows <= i1; i += SkinnyRows) Rows16(a + (nint)i * RsA, b, c + (nint)i * N, mask);
                for (; i < i1; i++) Row1(a + (nint)i * RsA, b, c + (nint)i * N, mask);
            }
        }

        private unsafe void Rows16(float* a, float* b, float* c, Vector512<float> mask)
        {
            nint rs = RsA, cs = CsA, ldb = N;
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
            var ap = a;
            var bp = b;
            for (var p = 0; p < K; p++, ap += cs, bp += ldb)
            {
                var v = Avx512F.MaskLoad(bp, mask, default);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[0]), v, c0); c1 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[rs]), v, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[2 * rs]), v, c2); c3 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[3 * rs]), v, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[4 * rs]), v, c4); c5 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[5 * rs]), v, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[6 * rs]), v, c6); c7 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[7 * rs]), v, c7);
                c8 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[8 * rs]), v, c8); c9 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[9 * rs]), v, c9);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[10 * rs]), v, c10); c11 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[11 * rs]), v, c11);
                c12 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[12 * rs]), v, c12); c13 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[13 * rs]), v, c13);
                c14 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[14 * rs]), v, c14); c15 = Vector512.FusedMultiplyAdd(Vector512.Create(ap[15 * rs]), v, c15);
            }
            nint ldc = N;
            Finish(c, c0, mask); Finish(c + ldc, c1, mask); Finish(c + 2 * ldc, c2, mask); Finish(c + 3 * ldc, c3, mask);
            Finish(c + 4 * ldc, c4, mask); Finish(c + 5 * ldc, c5, mask); Finish(c + 6 * ldc, c6, mask); Finish(c + 7 * ldc, c7, mask);
            Finish(c + 8 * ldc, c8, mask); Finish(c + 9 * ldc, c9, mask); Finish(c + 10 * ldc, c10, mask); Finish(c + 11 * ldc, c11, mask);
            Finish(c + 12 * ldc, c12, mask); Finish(c + 13 * ldc, c13, mask); Finish(c + 14 * ldc, c14, mask); Finish(c + 15 * ldc, c15, mask);
        }

        private unsafe void Row1(float* a, float* b, float* c, Vector512<float> mask)
        {
            var sum = Vector512<float>.Zero;
            for (var p = 0; p < K; p++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(a[(nint)p * CsA]), Avx512F.MaskLoad(b + (nint)p * N, mask, default), sum);
            Finish(c, sum, mask);
        }

        /// <summary>c = alpha·sum + beta·c, masked to the row (beta 0 does not read c).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private unsafe void Finish(float* c, Vector512<float> sum, Vector512<float> mask)
        {
            var value = Vector512.Create(Alpha) * sum;
            if (Beta != 0f) value += Vector512.Create(Beta) * Avx512F.MaskLoad(c, mask, default);
            Avx512F.MaskStore(c, mask, value);
        }
    }
}
