using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    // Register tile Mr x Nr (8 rows x 2 Vector512 = 16 accumulators); A block Mc x Kc (256 KiB) stays
    // in L2. Kc = 512 rather than 256 halves the passes over C (each loads and stores the whole tile)
    // and the packing calls; measured faster at n = 256..2048 although the B micro-panel (Kc x Nr,
    // 64 KiB) no longer fits a 32 KiB L1.
    private const int Mr = 8, Nr = 32, Kc = 512, Mc = 128, Nc = 2048;

    /// <summary>Largest number of threads a primitive may use (default: all cores). Set 1 to measure one core.</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Work (floating-point operations) below which a primitive stays on one thread.</summary>
    public static double ParallelFlopThreshold { get; set; } = 4e6;

    private static CpuWorkers? s_workers;

    private static CpuWorkers Workers => s_workers ??= new CpuWorkers(Environment.ProcessorCount);

    /// <summary>Runs parts 0..parts−1 of <paramref name="job"/>: inline for one part (the worker pool is not even made), else on the workers.</summary>
    private static void RunParts(IPartitionedJob job, int parts)
    {
        if (parts <= 1) job.Run(0, 1);
        else Workers.Run(job, parts);
    }

    /// <summary>How many parts to split <paramref name="flops"/> of work into.</summary>
    private int PartsFor(double flops) => flops < ParallelFlopThreshold ? 1 : Threads;

    private readonly GemmJob _gemmJob = new();

    /// <inheritdoc />
    public override void MatMul(Tensor a, Tensor b, Tensor c, bool transA, bool transB, float alpha, float beta)
    {
        // c:(M,N) = alpha·op(a):(M,K)·op(b):(K,N) + beta·c
        var (m, k, n) = MatMulDims(a, b, c, transA, transB);
        if ((long)m * n * k <= TinyMatMul) TinyGemm(Host(a), Host(b), Host(c), m, k, n, transA, transB, alpha, beta);
        else if (!transA && transB && IsDotShaped(m, k, n)) DotGemm(Host(a), Host(b), Host(c), m, k, n, alpha, beta);
        else if (!transB && n <= SkinnyColumns && Avx512F.IsSupported) SkinnyGemm(Host(a), Host(b), Host(c), m, k, n, transA, alpha, beta);
        else Gemm(Host(a), Host(b), Host(c), m, k, n, transA, transB, alpha, beta);
    }

    /// <summary>Below this many multiply-adds, packing and dispatch cost more than the product (XOR-sized nets).</summary>
    private const int TinyMatMul = 2048;

    /// <summary>
    /// Direct loops for tiny products: no packing, no workers. c:(M,N) = alpha·Σ_p a(i,p)·b(p,j) + beta·c,
    /// p in order, each product rounded then added (no FMA), from 0. Four columns at a time when
    /// b's rows are contiguous: the same operations per element, so the bits equal the scalar loop's.
    /// </summary>
    private static unsafe void TinyGemm(float[] a, float[] b, float[] c, int m, int k, int n, bool transA, bool transB, float alpha, float beta)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"TinyGemm: buffers do not fit ({m}x{k})·({k}x{n}).");
        // a(i,p) = a[i·rsA + p·csA], b(p,j) = b[p·rsB + j·csB]
        int rsA = transA ? 1 : k, csA = transA ? m : 1, rsB = transB ? 1 : n, csB = transB ? k : 1;
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (var i = 0; i < m; i++)
            {
                var ai = pa + i * rsA;
                var ci = pc + i * n;
                var j = 0;
                if (csB == 1 && Vector128.IsHardwareAccelerated)
                {
                    var va = Vector128.Create(alpha);
                    var vb = Vector128.Create(beta);
                    for (; j + 4 <= n; j += 4)
                    {
                        var sum = Vector128<float>.Zero;
                        for (var p = 0; p < k; p++) sum += Vector128.Create(ai[p * csA]) * Vector128.Load(pb + p * rsB + j);
                        (va * sum + (beta == 0f ? Vector128<float>.Zero : vb * Vector128.Load(ci + j))).Store(ci + j);
                    }
                }
                for (; j < n; j++)
                {
                    var sum = 0f;
                    for (var p = 0; p < k; p++) sum += ai[p * csA] * pb[p * rsB + j * csB];
                    ci[j] = alpha * sum + (beta == 0f ? 0f : beta * ci[j]);
                }
            }
        }
    }

    /// <summary>The backing array of a host tensor.</summary>
    private static float[] Host(Tensor t) => t.Storage is HostStorage h
        ? h.Data
        : throw new ArgumentException($"Tensor {t.Shape} lives on backend '{t.Backend.Name}'; the cpu backend needs host tensors.");

    private void Gemm(float[] a, float[] b, float[] c, int m, int k, int n, bool transA, bool transB, float alpha, float beta)
    {
        if (m == 0 || n == 0) return;
        var job = _gemmJob;
        job.A = a; job.B = b; job.C = c;
        job.M = m; job.K = k; job.N = n;
        job.RsA = transA ? 1 : k; job.CsA = transA ? m : 1;
        job.RsB = transB ? 1 : n; job.CsB = transB ? k : 1;
        job.Alpha = alpha; job.Beta = beta;
        var parts = PartsFor(2.0 * m * n * k);
        // Split the larger side; each part owns whole tiles, so every element sees the same K order.
        job.SplitRows = m >= n ? m >= parts * Mr : n < parts * Nr;
        RunParts(job, parts);
        job.A = job.B = job.C = null!;
    }

    /// <summary>One matmul split into fixed row or column bands.</summary>
    private sealed class GemmJob : IPartitionedJob
    {
        public float[] A = null!, B = null!, C = null!;
        public int M, K, N, RsA, CsA, RsB, CsB;
        public float Alpha, Beta;
        public bool SplitRows;

        public unsafe void Run(int part, int parts)
        {
            int i0 = 0, i1 = M, j0 = 0, j1 = N;
            if (parts > 1)
            {
                if (SplitRows) { var band = RoundUp((M + parts - 1) / parts, Mr); i0 = Math.Min(M, part * band); i1 = Math.Min(M, i0 + band); }
                else { var band = RoundUp((N + parts - 1) / parts, Nr); j0 = Math.Min(N, part * band); j1 = Math.Min(N, j0 + band); }
            }
            if (i1 <= i0 || j1 <= j0) return;
            fixed (float* a = A, b = B, c = C)
                GemmBlock(i1 - i0, j1 - j0, K, a + i0 * RsA, RsA, CsA, b + j0 * CsB, RsB, CsB, c + i0 * N + j0, N, Alpha, Beta);
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>Per-thread packing buffers, pinned and 64-byte aligned, grown once.</summary>
    private sealed unsafe class GemmScratch
    {
        [ThreadStatic] private static GemmScratch? t_current;
        private readonly float[] _a = GC.AllocateUninitializedArray<float>(Mc * Kc + 16, pinned: true);
        private readonly float[] _b = GC.AllocateUninitializedArray<float>(Kc * Nc + 16, pinned: true);
        private readonly float[] _edge = GC.AllocateUninitializedArray<float>(Mr * Nr + 16, pinned: true);

        public static GemmScratch Current => t_current ??= new GemmScratch();

        public float* A => Align(_a);
        public float* B => Align(_b);

        /// <summary>An Mr x Nr tile for the kernel's output at C's ragged edges.</summary>
        public float* Edge => Align(_edge);

        private static float* Align(float[] array) => (float*)(((nint)Unsafe.AsPointer(ref array[0]) + 63) & ~(nint)63);
    }

    /// <summary>
    /// Serial blocked GEMM on strided operands: A(i,p) = a[i·rsA + p·csA], B(p,j) = b[p·rsB + j·csB],
    /// C(i,j) = c[i·ldc + j]. Loops jc → pc (pack B) → ic (pack A) → jr → ir (micro-kernel).
    /// </summary>
    private static unsafe void GemmBlock(int m, int n, int k, float* a, int rsA, int csA, float* b, int rsB, int csB,
        float* c, int ldc, float alpha, float beta)
    {
        if (k == 0)
        {
            for (var i = 0; i < m; i++)
                for (var j = 0; j < n; j++) c[i * ldc + j] = beta == 0f ? 0f : beta * c[i * ldc + j];
            return;
        }
        var scratch = GemmScratch.Current;
        float* pa = scratch.A, pb = scratch.B;
        for (var jc = 0; jc < n; jc += Nc)
        {
            var nc = Math.Min(Nc, n - jc);
            for (var pc = 0; pc < k; pc += Kc)
            {
                var kc = Math.Min(Kc, k - pc);
                PackB(b + pc * rsB + jc * csB, rsB, csB, kc, nc, pb);
                var betaBlock = pc == 0 ? beta : 1f;
                for (var ic = 0; ic < m; ic += Mc)
                {
                    var mc = Math.Min(Mc, m - ic);
                    PackA(a + ic * rsA + pc * csA, rsA, csA, mc, kc, pa);
                    for (var jr = 0; jr < nc; jr += Nr)
                        for (var ir = 0; ir < mc; ir += Mr)
                        {
                            int rows = Math.Min(Mr, mc - ir), cols = Math.Min(Nr, nc - jr);
                            var tile = c + (ic + ir) * ldc + jc + jr;
                            if (rows == Mr && cols == Nr)
                            {
                                MicroKernel(kc, pa + ir * kc, pb + jr * kc, tile, ldc, alpha, betaBlock);
                                continue;
                            }
                            // an edge tile goes through a whole scratch tile, so the kernel has one epilogue
                            MicroKernel(kc, pa + ir * kc, pb + jr * kc, scratch.Edge, Nr, alpha, 0f);
                            AddEdge(scratch.Edge, tile, ldc, rows, cols, betaBlock);
                        }
                }
            }
        }
    }

    /// <summary>Packs A (mc x kc) into Mr-row panels: panel[p·Mr + r], zero-padded rows.</summary>
    private static unsafe void PackA(float* a, int rsA, int csA, int mc, int kc, float* dst)
    {
        for (var ir = 0; ir < mc; ir += Mr)
        {
            var rows = Math.Min(Mr, mc - ir);
            var src = a + ir * rsA;
            var p = 0;
            if (rows == Mr && rsA == 1)
            {
                // transposed A: the Mr values of one k are contiguous
                for (; p < kc; p++) Vector256.Store(Vector256.Load(src + p * csA), dst + p * Mr);
            }
            else if (rows == Mr && csA == 1 && Avx.IsSupported)
            {
                // row-major A: each row is contiguous in k, the panel wants k-major. Transposing 8 rows x
                // 8 k in registers replaces 64 strided scalar gathers with 8 loads and 8 stores.
                for (; p + 8 <= kc; p += 8) Transpose8x8(src + p, rsA, dst + p * Mr, Mr);
            }
            for (; p < kc; p++)
            {
                var d = dst + p * Mr;
                for (var r = 0; r < rows; r++) d[r] = src[r * rsA + p * csA];
                for (var r = rows; r < Mr; r++) d[r] = 0f;
            }
            dst += Mr * kc;
        }
    }

    /// <summary>
    /// Stores the 8x8 block src[r·ld + q] (8 rows, 8 consecutive k) transposed: dst[q·ldd + r].
    /// Unpack pairs rows, shuffle makes groups of 4 rows per k in each 128-bit lane, and the lane
    /// permute joins rows 0-3 with rows 4-7 (low lanes hold k 0-3, high lanes k 4-7).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8x8(float* src, int ld, float* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2 * ld); var r3 = Avx.LoadVector256(src + 3 * ld);
        var r4 = Avx.LoadVector256(src + 4 * ld); var r5 = Avx.LoadVector256(src + 5 * ld);
        var r6 = Avx.LoadVector256(src + 6 * ld); var r7 = Avx.LoadVector256(src + 7 * ld);
        // t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], t1 the same for k 2,3 | 6,7
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        // s0 = rows 0-3 of k 0 | k 4; s1: k 1 | 5; s2: k 2 | 6; s3: k 3 | 7 (s4..s7: rows 4-7)
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20)); Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20)); Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31)); Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31)); Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>Packs B (kc x nc) into Nr-column panels: panel[p·Nr + j], zero-padded columns.</summary>
    private static unsafe void PackB(float* b, int rsB, int csB, int kc, int nc, float* dst)
    {
        if (csB == 1)
        {
            // Row-major B: read each source row once, front to back, and scatter its Nr-wide pieces
            // into the panels' row p (panel jr starts at dst + jr·kc). One long contiguous read per
            // row streams far better than kc short reads per panel with a stride of a whole row.
            var full = nc / Nr * Nr;
            for (var p = 0; p < kc; p++)
            {
                var s = b + p * rsB;
                var d = dst + p * Nr;
                for (var jr = 0; jr < full; jr += Nr)
                {
                    Vector512.Store(Vector512.Load(s + jr), d + jr * kc);
                    Vector512.Store(Vector512.Load(s + jr + 16), d + jr * kc + 16);
                }
                if (full < nc)
                {
                    var t = d + full * kc;
                    var j = 0;
                    for (; j < nc - full; j++) t[j] = s[full + j];
                    for (; j < Nr; j++) t[j] = 0f;
                }
            }
            return;
        }
        for (var jr = 0; jr < nc; jr += Nr)
        {
            // transposed B: walk each source column contiguously
            var cols = Math.Min(Nr, nc - jr);
            var src = b + jr * csB;
            var p0 = 0;
            if (cols == Nr && rsB == 1 && Avx.IsSupported)
            {
                // each column of B is contiguous in k: 8 columns x 8 k at a time, transposed in registers
                // into four 8-wide slices of the panel's rows
                for (; p0 + 8 <= kc; p0 += 8)
                    for (var j = 0; j < Nr; j += 8) Transpose8x8(src + j * csB + p0, csB, dst + p0 * Nr + j, Nr);
            }
            for (var j = 0; j < cols; j++)
            {
                var s = src + j * csB;
                for (var p = p0; p < kc; p++) dst[p * Nr + j] = s[p * rsB];
            }
            for (var p = p0; p < kc; p++)
                for (var j = cols; j < Nr; j++) dst[p * Nr + j] = 0f;
            dst += Nr * kc;
        }
    }

    /// <summary>
    /// The Mr x Nr tile of C = alpha·Apanel·Bpanel + beta·C: 16 Vector512 accumulators, one FMA per
    /// (row, half) per k. beta = 0 never reads C. One straight epilogue: with a second, branchy one (edge
    /// tiles through a stack buffer) the JIT kept the accumulators in stack slots, stored on every k,
    /// whenever the method was compiled without profile data (tiered compilation off, as in NativeAOT):
    /// 4.6× slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MicroKernel(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        // Ask for the C tile (two cache lines per row) now, so it has arrived by the time the k loop ends
        // and the stores (or beta's loads) do not stall on memory.
        if (Sse.IsSupported)
            for (var r = 0; r < Mr; r++)
            {
                Sse.Prefetch0(c + r * ldc);
                Sse.Prefetch0(c + r * ldc + 16);
            }
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += Mr;
            b += Nr;
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store(c, c00, c01, va, vb, beta); Store(c + ldc, c10, c11, va, vb, beta);
        Store(c + 2 * ldc, c20, c21, va, vb, beta); Store(c + 3 * ldc, c30, c31, va, vb, beta);
        Store(c + 4 * ldc, c40, c41, va, vb, beta); Store(c + 5 * ldc, c50, c51, va, vb, beta);
        Store(c + 6 * ldc, c60, c61, va, vb, beta); Store(c + 7 * ldc, c70, c71, va, vb, beta);
    }

    /// <summary>C's edge tile (rows x cols) = tile + beta·C, tile holding alpha·A·B in rows of Nr.</summary>
    private static unsafe void AddEdge(float* tile, float* c, int ldc, int rows, int cols, float beta)
    {
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < cols; j++)
            {
                ref var dst = ref c[r * ldc + j];
                dst = beta == 0f ? tile[r * Nr + j] : MathF.FusedMultiplyAdd(beta, dst, tile[r * Nr + j]);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector512<float> lo, Vector512<float> hi, Vector512<float> va, Vector512<float> vb, float beta)
    {
        if (beta == 0f)
        {
            (lo * va).Store(c);
            (hi * va).Store(c + 16);
        }
        else
        {
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c), lo * va).Store(c);
            Vector512.FusedMultiplyAdd(vb, Vector512.Load(c + 16), hi * va).Store(c + 16);
        }
    }
}
