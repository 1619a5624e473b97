using System.Runtime.CompilerServices;
using ILGPU;
using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>Four consecutive floats: loaded from shared memory as one 16-byte access.</summary>
internal struct Quad
{
    public float X, Y, Z, W;

    /// <summary>
    /// a·b + c per lane. Written as a multiply and an add: ILGPU emits them without a rounding
    /// modifier and ptxas contracts each pair into one FMA (MathF.FusedMultiplyAdd becomes a call).
    /// </summary>
    public static Quad Fma(float a, in Quad b, in Quad c) => new()
    {
        X = a * b.X + c.X,
        Y = a * b.Y + c.Y,
        Z = a * b.Z + c.Z,
        W = a * b.W + c.W,
    };
}

/// <summary>
/// Shared-memory tiled SGEMM with 8x8 register blocking, split-K and a fused epilogue:
/// c:(M,N) = act(alpha·op(a)·op(b) + beta·c + bias). a:(M,K) or (K,M) with TransA; b:(K,N) or (N,K)
/// with TransB; bias:(N).
/// <para>
/// A T x T thread group computes an 8T x 8T tile of c (GPUs: T = 16, 128 x 128 tiles). Per k-step it
/// stages an 8T x BK slice of op(a) and a BK x 8T slice of op(b) in shared memory, both k-major, so a
/// thread reads its 8 values of a and its 8 of b for one k as four 16-byte loads (<see cref="Quad"/>)
/// and does 64 FMAs with them: 4 shared loads per 64 FMAs instead of the 8 per 16 of a 4x4 block,
/// which is what bounds a simple tiled kernel. Thread (tx, ty) owns rows 4ty..4ty+3 and
/// 4T+4ty..4T+4ty+3 and the same pattern of columns, so the quads a warp reads are either broadcast
/// (a) or consecutive (b). Global loads follow the operand's memory layout (consecutive threads read
/// consecutive addresses for either transpose flag), are issued for the next k-step before the
/// current one is multiplied (the loads' latency hides behind the FMAs) and are branch-free (a
/// clamped address, then a select), and the rows of the shared tiles are padded by 4 floats, which
/// keeps the transposing stores free of bank conflicts and the quads 16-byte aligned.
/// </para>
/// <para>
/// Measured on an H200 (TFLOP/s at n = 4096, PyTorch/cuBLAS fp32 51): 13.3 for the 4x4 kernel this
/// replaced; 24.3 with the arguments passed by value (an <c>in</c> struct parameter put them on the
/// stack: a local-memory load before every shared store); 25.9 with branch-free loads under ILGPU's
/// O2. Tried and slower: k-steps of 16 (22.0: 189 registers), double-buffered shared tiles with one
/// barrier per k-step (18.9).
/// </para>
/// <para>
/// Split-K: when M x N has too few tiles to fill the device and K is long (a convolution's weight
/// gradient: 8 x 9 outputs summed over 50,176 positions), the grid's z index takes a slice of K and
/// writes raw sums to a workspace; <see cref="SplitReduce"/> then adds the slices in order and applies
/// the epilogue. Deterministic: no atomics.
/// </para>
/// <para>
/// The CPU simulator runs one OS thread per simulated thread, so it runs the very same body with
/// T = 4 and BK = 2 (32 x 32 tiles). Shared memory sizes must be constants, hence one thin entry point
/// per size.
/// </para>
/// </summary>
internal static class GemmKernel
{
    public const int LargeThreads = 16, SmallThreads = 4;
    public const int LargeTileK = 8, SmallTileK = 2;
    public const int LargeTile = 8 * LargeThreads, SmallTile = 8 * SmallThreads;

    // Shared rows hold a tile's 8T floats plus 4 of padding: (8T + 4) / 4 quads.
    private const int LargeQuads = LargeTileK * (LargeTile + 4) / 4, SmallQuads = SmallTileK * (SmallTile + 4) / 4;

    /// <summary>Tile side for a group of <paramref name="threads"/> x <paramref name="threads"/>.</summary>
    public static int TileFor(int threads) => 8 * threads;

    /// <summary>k-step for a group of <paramref name="threads"/> x <paramref name="threads"/>.</summary>
    public static int TileKFor(int threads) => threads == LargeThreads ? LargeTileK : SmallTileK;

    public static void GemmLarge(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, ArrayView<float> partials, GemmArgs g)
    {
        var tileA = SharedMemory.Allocate<Quad>(LargeQuads);
        var tileB = SharedMemory.Allocate<Quad>(LargeQuads);
        Body(LargeThreads, LargeTileK, tileA, tileB, a, b, c, bias, partials, g);
    }

    public static void GemmSmall(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, ArrayView<float> partials, GemmArgs g)
    {
        var tileA = SharedMemory.Allocate<Quad>(SmallQuads);
        var tileB = SharedMemory.Allocate<Quad>(SmallQuads);
        Body(SmallThreads, SmallTileK, tileA, tileB, a, b, c, bias, partials, g);
    }

    // tileA:[p][i] and tileB:[p][j] as quads, rows of 2T + 1 quads. Each thread stages 4 values of
    // each operand per k-step: 8T·BK values over T² threads, which BK = T/2 makes 4 for both sizes.
    private static void Body(int t, int tileK, ArrayView<Quad> tileA, ArrayView<Quad> tileB,
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, ArrayView<float> partials, GemmArgs g)
    {
        var tile = 8 * t;
        var rowQuads = 2 * t + 1;
        var threads = t * t;
        int tx = Group.IdxX, ty = Group.IdxY;
        var tid = ty * t + tx;
        var row0 = Grid.IdxY * tile;
        var col0 = Grid.IdxX * tile;
        var kBegin = Grid.IdxZ * g.KPerSplit;
        var kEnd = Math.Min(g.K, kBegin + g.KPerSplit);
        var sharedA = tileA.Cast<float>();
        var sharedB = tileB.Cast<float>();
        int e0 = tid, e1 = tid + threads, e2 = tid + 2 * threads, e3 = tid + 3 * threads;

        var a0 = LoadA(a, g, tile, tileK, row0, kBegin, kEnd, e0);
        var a1 = LoadA(a, g, tile, tileK, row0, kBegin, kEnd, e1);
        var a2 = LoadA(a, g, tile, tileK, row0, kBegin, kEnd, e2);
        var a3 = LoadA(a, g, tile, tileK, row0, kBegin, kEnd, e3);
        var b0 = LoadB(b, g, tile, tileK, col0, kBegin, kEnd, e0);
        var b1 = LoadB(b, g, tile, tileK, col0, kBegin, kEnd, e1);
        var b2 = LoadB(b, g, tile, tileK, col0, kBegin, kEnd, e2);
        var b3 = LoadB(b, g, tile, tileK, col0, kBegin, kEnd, e3);

        // Accumulators: row r of the upper (u) or lower (l) half, left (L) or right (R) column quad.
        Quad u0L = default, u0R = default, u1L = default, u1R = default, u2L = default, u2R = default, u3L = default, u3R = default;
        Quad l0L = default, l0R = default, l1L = default, l1R = default, l2L = default, l2R = default, l3L = default, l3R = default;

        for (var k0 = kBegin; k0 < kEnd; k0 += tileK)
        {
            StoreA(sharedA, g, tile, tileK, e0, a0); StoreA(sharedA, g, tile, tileK, e1, a1);
            StoreA(sharedA, g, tile, tileK, e2, a2); StoreA(sharedA, g, tile, tileK, e3, a3);
            StoreB(sharedB, g, tile, tileK, e0, b0); StoreB(sharedB, g, tile, tileK, e1, b1);
            StoreB(sharedB, g, tile, tileK, e2, b2); StoreB(sharedB, g, tile, tileK, e3, b3);
            Group.Barrier();

            var next = k0 + tileK;
            if (next < kEnd)
            {
                a0 = LoadA(a, g, tile, tileK, row0, next, kEnd, e0);
                a1 = LoadA(a, g, tile, tileK, row0, next, kEnd, e1);
                a2 = LoadA(a, g, tile, tileK, row0, next, kEnd, e2);
                a3 = LoadA(a, g, tile, tileK, row0, next, kEnd, e3);
                b0 = LoadB(b, g, tile, tileK, col0, next, kEnd, e0);
                b1 = LoadB(b, g, tile, tileK, col0, next, kEnd, e1);
                b2 = LoadB(b, g, tile, tileK, col0, next, kEnd, e2);
                b3 = LoadB(b, g, tile, tileK, col0, next, kEnd, e3);
            }

            for (var p = 0; p < tileK; p++)
            {
                var rowA = p * rowQuads + ty;
                var rowB = p * rowQuads + tx;
                Quad up = tileA[rowA], low = tileA[rowA + t];
                Quad left = tileB[rowB], right = tileB[rowB + t];
                u0L = Quad.Fma(up.X, left, u0L); u0R = Quad.Fma(up.X, right, u0R);
                u1L = Quad.Fma(up.Y, left, u1L); u1R = Quad.Fma(up.Y, right, u1R);
                u2L = Quad.Fma(up.Z, left, u2L); u2R = Quad.Fma(up.Z, right, u2R);
                u3L = Quad.Fma(up.W, left, u3L); u3R = Quad.Fma(up.W, right, u3R);
                l0L = Quad.Fma(low.X, left, l0L); l0R = Quad.Fma(low.X, right, l0R);
                l1L = Quad.Fma(low.Y, left, l1L); l1R = Quad.Fma(low.Y, right, l1R);
                l2L = Quad.Fma(low.Z, left, l2L); l2R = Quad.Fma(low.Z, right, l2R);
                l3L = Quad.Fma(low.W, left, l3L); l3R = Quad.Fma(low.W, right, l3R);
            }
            Group.Barrier();
        }

        int upper = row0 + 4 * ty, lower = upper + 4 * t;
        int left0 = col0 + 4 * tx, right0 = left0 + 4 * t;
        Put(c, bias, partials, g, upper, left0, u0L); Put(c, bias, partials, g, upper, right0, u0R);
        Put(c, bias, partials, g, upper + 1, left0, u1L); Put(c, bias, partials, g, upper + 1, right0, u1R);
        Put(c, bias, partials, g, upper + 2, left0, u2L); Put(c, bias, partials, g, upper + 2, right0, u2R);
        Put(c, bias, partials, g, upper + 3, left0, u3L); Put(c, bias, partials, g, upper + 3, right0, u3R);
        Put(c, bias, partials, g, lower, left0, l0L); Put(c, bias, partials, g, lower, right0, l0R);
        Put(c, bias, partials, g, lower + 1, left0, l1L); Put(c, bias, partials, g, lower + 1, right0, l1R);
        Put(c, bias, partials, g, lower + 2, left0, l2L); Put(c, bias, partials, g, lower + 2, right0, l2R);
        Put(c, bias, partials, g, lower + 3, left0, l3L); Put(c, bias, partials, g, lower + 3, right0, l3R);
    }

    // Staged element e of the a-slice: (row i, k p). Row-major a walks k fastest, transposed a walks rows.
    private static void ElementA(GemmArgs g, int tile, int tileK, int e, out int i, out int p)
    {
        if (g.TransA == 0) { i = e / tileK; p = e % tileK; }
        else { p = e / tile; i = e % tile; }
    }

    private static void ElementB(GemmArgs g, int tile, int tileK, int e, out int j, out int p)
    {
        if (g.TransB == 0) { p = e / tile; j = e % tile; }
        else { j = e / tileK; p = e % tileK; }
    }

    private static float LoadA(ArrayView<float> a, GemmArgs g, int tile, int tileK, int row0, int k0, int kEnd, int e)
    {
        ElementA(g, tile, tileK, e, out var i, out var p);
        int gi = row0 + i, gp = k0 + p;
        // Branch-free: read a clamped (valid) address, then zero what lies outside the matrix.
        int ci = Math.Min(gi, g.M - 1), cp = Math.Min(gp, kEnd - 1);
        var v = g.TransA == 0 ? a[ci * g.K + cp] : a[cp * g.M + ci];
        return gi < g.M && gp < kEnd ? v : 0f;
    }

    private static float LoadB(ArrayView<float> b, GemmArgs g, int tile, int tileK, int col0, int k0, int kEnd, int e)
    {
        ElementB(g, tile, tileK, e, out var j, out var p);
        int gj = col0 + j, gp = k0 + p;
        int cj = Math.Min(gj, g.N - 1), cp = Math.Min(gp, kEnd - 1);
        var v = g.TransB == 0 ? b[cp * g.N + cj] : b[cj * g.K + cp];
        return gj < g.N && gp < kEnd ? v : 0f;
    }

    private static void StoreA(ArrayView<float> shared, GemmArgs g, int tile, int tileK, int e, float v)
    {
        ElementA(g, tile, tileK, e, out var i, out var p);
        shared[p * (tile + 4) + i] = v;
    }

    private static void StoreB(ArrayView<float> shared, GemmArgs g, int tile, int tileK, int e, float v)
    {
        ElementB(g, tile, tileK, e, out var j, out var p);
        shared[p * (tile + 4) + j] = v;
    }

    // Four consecutive outputs of one row: finished in place, or raw into this split's slice of the workspace.
    private static void Put(ArrayView<float> c, ArrayView<float> bias, ArrayView<float> partials, GemmArgs g, int row, int col, in Quad v)
    {
        if (row >= g.M) return;
        if (g.Splits == 1)
        {
            if (col < g.N) Finish(c, bias, g, row * g.N + col, col, v.X);
            if (col + 1 < g.N) Finish(c, bias, g, row * g.N + col + 1, col + 1, v.Y);
            if (col + 2 < g.N) Finish(c, bias, g, row * g.N + col + 2, col + 2, v.Z);
            if (col + 3 < g.N) Finish(c, bias, g, row * g.N + col + 3, col + 3, v.W);
            return;
        }
        var o = (Grid.IdxZ * g.M + row) * g.N + col;
        if (col < g.N) partials[o] = v.X;
        if (col + 1 < g.N) partials[o + 1] = v.Y;
        if (col + 2 < g.N) partials[o + 2] = v.Z;
        if (col + 3 < g.N) partials[o + 3] = v.W;
    }

    /// <summary>
    /// Split-K's second pass, grid-stride over the M·N outputs: the slices' sums added in slice order,
    /// then the epilogue. partials:(Splits, M, N).
    /// </summary>
    public static void SplitReduce(ArrayView<float> partials, ArrayView<float> c, ArrayView<float> bias, GemmArgs g)
    {
        var outputs = g.M * g.N;
        for (var o = Grid.IdxX * Group.DimX + Group.IdxX; o < outputs; o += Grid.DimX * Group.DimX)
        {
            var acc = 0f;
            for (var s = 0; s < g.Splits; s++) acc += partials[s * outputs + o];
            Finish(c, bias, g, o, o % g.N, acc);
        }
    }

    // The epilogue: the same order of operations as ReferenceBackend.MatMul followed by Dense's bias and activation.
    [MethodImpl(MethodImplOptions.NoInlining)] // once in the binary, not 64 inlined copies of the activation switch
    private static void Finish(ArrayView<float> c, ArrayView<float> bias, GemmArgs g, int o, int col, float acc)
    {
        var v = g.Alpha * acc + (g.Beta == 0f ? 0f : g.Beta * c[o]);
        if (g.HasBias != 0) v += bias[col];
        if (g.Activation != UnaryKind.Identity) v = KernelMath.Forward(g.Activation, v, g.ActivationAlpha);
        c[o] = v;
    }
}
