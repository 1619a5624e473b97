using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>The dot-product matmul: c = a·bᵀ as one dot product per element, for small outputs over a long K.</summary>
public sealed partial class CpuBackend
{
    /// <summary>
    /// A small output over a long K with both operands' rows contiguous in K (a·bᵀ: a convolution's
    /// weight gradient dy·colsᵀ, e.g. 8×9 over K = 50,176): one dot product per element beats the
    /// packed GEMM, which pads 9 columns to its 32-wide tile and re-reads C once per K block.
    /// </summary>
    private static bool IsDotShaped(int m, int k, int n) => Avx512F.IsSupported && k >= 1024 && m <= 64 && n <= 128 && k >= 8 * Math.Max(m, n);

    private readonly DotJob _dotJob = new();

    /// <summary>c:(M,N) = alpha·a:(M,K)·b:(N,K)ᵀ + beta·c as M·N dot products (see <see cref="IsDotShaped"/>).</summary>
    private void DotGemm(float[] a, float[] b, float[] c, int m, int k, int n, float alpha, float beta)
    {
        if (a.Length < m * k || b.Length < n * k || c.Length < m * n)
            throw new ArgumentException($"DotGemm: buffers do not fit ({m}x{k})·({n}x{k})ᵀ.");
        var job = _dotJob;
        job.A = a; job.B = b; job.C = c;
        job.M = m; job.K = k; job.N = n;
        job.Alpha = alpha; job.Beta = beta;
        if (job.Sums.Length < m * n * DotLanes) job.Sums = GC.AllocateUninitializedArray<float>(m * n * DotLanes, pinned: true);
        var parts = Math.Min(PartsFor(2.0 * m * n * k), job.Tiles);
        RunParts(job, parts);
        job.A = job.B = job.C = null!;
    }

    private const int DotLanes = 16, DotRows = 4, DotCols = 3, DotChunk = 512;

    /// <summary>
    /// The dot products of <see cref="DotGemm"/>, in tiles of 4 rows of a × 3 rows of b (12 vector sums,
    /// 7 loads per 12 FMAs) plus single elements at the ragged edges. K goes in chunks of 512 so every
    /// tile of a chunk reads a and b from L1/L2; the vector sums wait between chunks in <see cref="Sums"/>.
    /// Part p always takes the same tiles and each element's K order is fixed, so the bits do not depend
    /// on the thread count.
    /// </summary>
    private sealed class DotJob : IPartitionedJob
    {
        public float[] A = null!, B = null!, C = null!, Sums = [];
        public int M, K, N;
        public float Alpha, Beta;

        private int RowTiles => M / DotRows;
        private int ColTiles => N / DotCols;

        /// <summary>Whole 4×3 tiles, plus one more unit of work for the edge elements when there are any.</summary>
        public int Tiles => RowTiles * ColTiles + (M % DotRows != 0 || N % DotCols != 0 ? 1 : 0);

        public unsafe void Run(int part, int parts)
        {
            int tiles = Tiles, t0 = (int)((long)tiles * part / parts), t1 = (int)((long)tiles * (part + 1) / parts);
            int whole = RowTiles * ColTiles, ldk = K;
            fixed (float* a = A, b = B, sums = Sums)
            {
                for (var t = t0; t < Math.Min(t1, whole); t++)
                {
                    int i = t / ColTiles * DotRows, j = t % ColTiles * DotCols;
                    for (var r = 0; r < DotRows; r++)
                        for (var q = 0; q < DotCols; q++) Vector512<float>.Zero.Store(sums + ((i + r) * N + j + q) * DotLanes);
                }
                var edges = t1 > whole;
                if (edges)
                    for (var i = 0; i < M; i++)
                        for (var j = 0; j < N; j++)
                            if (IsEdge(i, j)) Vector512<float>.Zero.Store(sums + (i * N + j) * DotLanes);
                for (var k0 = 0; k0 < K; k0 += DotChunk)
                {
                    var kc = Math.Min(DotChunk, K - k0);
                    for (var t = t0; t < Math.Min(t1, whole); t++)
                    {
                        int i = t / ColTiles * DotRows, j = t % ColTiles * DotCols;
                        Tile(a + i * ldk + k0, b + j * ldk + k0, ldk, kc, sums + (i * N + j) * DotLanes, N * DotLanes);
                    }
                    if (edges)
                        for (var i = 0; i < M; i++)
                            for (var j = 0; j < N; j++)
                                if (IsEdge(i, j)) Single(a + i * ldk + k0, b + j * ldk + k0, kc, sums + (i * N + j) * DotLanes);
                }
                for (var t = t0; t < Math.Min(t1, whole); t++)
                {
                    int i = t / ColTiles * DotRows, j = t % ColTiles * DotCols;
                    for (var r = 0; r < DotRows; r++)
                        for (var q = 0; q < DotCols; q++) Finish(i + r, j + q, sums);
                }
                if (edges)
                    for (var i = 0; i < M; i++)
                        for (var j = 0; j < N; j++)
                            if (IsEdge(i, j)) Finish(i, j, sums);
            }
        }

        private bool IsEdge(int i, int j) => i >= RowTiles * DotRows || j >= ColTiles * DotCols;

        private unsafe void Finish(int i, int j, float* sums)
        {
            var sum = Vector512.Sum(Vector512.Load(sums + (i * N + j) * DotLanes));
            ref var dst = ref C[i * N + j];
            dst = Alpha * sum + (Beta == 0f ? 0f : Beta * dst);
        }

        /// <summary>Adds kc products of 4 rows of a and 3 rows of b (stride ldk) into their 12 vector sums.</summary>
        private static unsafe void Tile(float* a, float* b, int ldk, int kc, float* sums, int ldSums)
        {
            float* a1 = a + ldk, a2 = a1 + ldk, a3 = a2 + ldk, b1 = b + ldk, b2 = b1 + ldk;
            float* s0 = sums, s1 = s0 + ldSums, s2 = s1 + ldSums, s3 = s2 + ldSums;
            Vector512<float> c00 = Vector512.Load(s0), c01 = Vector512.Load(s0 + 16), c02 = Vector512.Load(s0 + 32);
            Vector512<float> c10 = Vector512.Load(s1), c11 = Vector512.Load(s1 + 16), c12 = Vector512.Load(s1 + 32);
            Vector512<float> c20 = Vector512.Load(s2), c21 = Vector512.Load(s2 + 16), c22 = Vector512.Load(s2 + 32);
            Vector512<float> c30 = Vector512.Load(s3), c31 = Vector512.Load(s3 + 16), c32 = Vector512.Load(s3 + 32);
            var p = 0;
            for (; p < kc; p += DotLanes)
            {
                // the last vector of K is masked: lanes past K load zero and add nothing
                var mask = kc - p >= DotLanes ? Vector512<float>.AllBitsSet : TailMask(kc - p);
                var x0 = Avx512F.MaskLoad(b + p, mask, default);
                var x1 = Avx512F.MaskLoad(b1 + p, mask, default);
                var x2 = Avx512F.MaskLoad(b2 + p, mask, default);
                var y = Avx512F.MaskLoad(a + p, mask, default);
                c00 = Vector512.FusedMultiplyAdd(y, x0, c00); c01 = Vector512.FusedMultiplyAdd(y, x1, c01); c02 = Vector512.FusedMultiplyAdd(y, x2, c02);
                y = Avx512F.MaskLoad(a1 + p, mask, default);
                c10 = Vector512.FusedMultiplyAdd(y, x0, c10); c11 = Vector512.FusedMultiplyAdd(y, x1, c11); c12 = Vector512.FusedMultiplyAdd(y, x2, c12);
                y = Avx512F.MaskLoad(a2 + p, mask, default);
                c20 = Vector512.FusedMultiplyAdd(y, x0, c20); c21 = Vector512.FusedMultiplyAdd(y, x1, c21); c22 = Vector512.FusedMultiplyAdd(y, x2, c22);
                y = Avx512F.MaskLoad(a3 + p, mask, default);
                c30 = Vector512.FusedMultiplyAdd(y, x0, c30); c31 = Vector512.FusedMultiplyAdd(y, x1, c31); c32 = Vector512.FusedMultiplyAdd(y, x2, c32);
            }
            c00.Store(s0); c01.Store(s0 + 16); c02.Store(s0 + 32);
            c10.Store(s1); c11.Store(s1 + 16); c12.Store(s1 + 32);
            c20.Store(s2); c21.Store(s2 + 16); c22.Store(s2 + 32);
            c30.Store(s3); c31.Store(s3 + 16); c32.Store(s3 + 32);
        }

        /// <summary>One element's vector sum: the same lanes and K order as a tile's.</summary>
        private static unsafe void Single(float* a, float* b, int kc, float* sum)
        {
            var c = Vector512.Load(sum);
            for (var p = 0; p < kc; p += DotLanes)
            {
                var mask = kc - p >= DotLanes ? Vector512<float>.AllBitsSet : TailMask(kc - p);
                c = Vector512.FusedMultiplyAdd(Avx512F.MaskLoad(a + p, mask, default), Avx512F.MaskLoad(b + p, mask, default), c);
            }
            c.Store(sum);
        }
    }
}
