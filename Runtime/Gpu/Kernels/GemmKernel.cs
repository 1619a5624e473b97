using ILGPU;
using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Shared-memory tiled SGEMM with 4x4 register blocking and a fused epilogue:
/// c:(M,N) = act(alpha·op(a)·op(b) + beta·c + bias). a:(M,K) or (K,M) with TransA; b:(K,N) or (N,K)
/// with TransB; bias:(N).
/// <para>
/// A T x T thread group computes a 4T x 4T tile of c. Per K-step of 16 it stages a 4T x 16 slice of
/// op(a) and a 16 x 4T slice of op(b) in shared memory; the load order follows the operand's memory
/// layout (consecutive threads read consecutive addresses, for either transpose flag), and the +1
/// padding keeps the transposing stores free of bank conflicts. Thread (tx, ty) owns rows ty + T·m and
/// columns tx + T·n (m, n in 0..3), so warp reads of the B tile and writes of c are contiguous.
/// </para>
/// <para>
/// GPUs run T = 16 (256 threads, 64x64 tiles). The CPU simulator runs one OS thread per simulated
/// thread, and a launch of 256 costs ~20 ms there, so it runs the very same body with T = 4.
/// Shared memory sizes must be constants, hence one thin entry point per T.
/// </para>
/// </summary>
internal static class GemmKernel
{
    public const int TileK = 16;
    public const int LargeThreads = 16, SmallThreads = 4;
    private const int LargeTile = 4 * LargeThreads, SmallTile = 4 * SmallThreads;

    public static void GemmLarge(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs g)
    {
        var tileA = SharedMemory.Allocate<float>(TileK * (LargeTile + 1));
        var tileB = SharedMemory.Allocate<float>(TileK * (LargeTile + 1));
        Body(LargeThreads, tileA, tileB, a, b, c, bias, g);
    }

    public static void GemmSmall(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs g)
    {
        var tileA = SharedMemory.Allocate<float>(TileK * (SmallTile + 1));
        var tileB = SharedMemory.Allocate<float>(TileK * (SmallTile + 1));
        Body(SmallThreads, tileA, tileB, a, b, c, bias, g);
    }

    // tileA:[p][i] and tileB:[p][j], rows padded to 4T + 1.
    private static void Body(int t, ArrayView<float> tileA, ArrayView<float> tileB,
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, in GemmArgs g)
    {
        var tile = 4 * t;
        var stride = tile + 1;
        var groupSize = t * t;
        var loads = tile * TileK / groupSize;
        int tx = Group.IdxX, ty = Group.IdxY;
        var tid = ty * t + tx;
        var row0 = Grid.IdxY * tile;
        var col0 = Grid.IdxX * tile;
        int m = g.M, n = g.N, k = g.K;

        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;

        for (var k0 = 0; k0 < k; k0 += TileK)
        {
            for (var r = 0; r < loads; r++)
            {
                var e = tid + r * groupSize;
                int i, p;
                if (g.TransA == 0) { i = e / TileK; p = e % TileK; }
                else { p = e / tile; i = e % tile; }
                int gi = row0 + i, gp = k0 + p;
                var v = 0f;
                if (gi < m && gp < k) v = g.TransA == 0 ? a[gi * k + gp] : a[gp * m + gi];
                tileA[p * stride + i] = v;
            }
            for (var r = 0; r < loads; r++)
            {
                var e = tid + r * groupSize;
                int j, p;
                if (g.TransB == 0) { p = e / tile; j = e % tile; }
                else { j = e / TileK; p = e % TileK; }
                int gj = col0 + j, gp = k0 + p;
                var v = 0f;
                if (gj < n && gp < k) v = g.TransB == 0 ? b[gp * n + gj] : b[gj * k + gp];
                tileB[p * stride + j] = v;
            }
            Group.Barrier();

            for (var p = 0; p < TileK; p++)
            {
                var ai = p * stride + ty;
                var bj = p * stride + tx;
                float a0 = tileA[ai], a1 = tileA[ai + t], a2 = tileA[ai + 2 * t], a3 = tileA[ai + 3 * t];
                float b0 = tileB[bj], b1 = tileB[bj + t], b2 = tileB[bj + 2 * t], b3 = tileB[bj + 3 * t];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }

        int r0 = row0 + ty, r1 = r0 + t, r2 = r0 + 2 * t, r3 = r0 + 3 * t;
        int q0 = col0 + tx, q1 = q0 + t, q2 = q0 + 2 * t, q3 = q0 + 3 * t;
        Store(c, bias, g, r0, q0, c00); Store(c, bias, g, r0, q1, c01); Store(c, bias, g, r0, q2, c02); Store(c, bias, g, r0, q3, c03);
        Store(c, bias, g, r1, q0, c10); Store(c, bias, g, r1, q1, c11); Store(c, bias, g, r1, q2, c12); Store(c, bias, g, r1, q3, c13);
        Store(c, bias, g, r2, q0, c20); Store(c, bias, g, r2, q1, c21); Store(c, bias, g, r2, q2, c22); Store(c, bias, g, r2, q3, c23);
        Store(c, bias, g, r3, q0, c30); Store(c, bias, g, r3, q1, c31); Store(c, bias, g, r3, q2, c32); Store(c, bias, g, r3, q3, c33);
    }

    // The epilogue: the same order of operations as ReferenceBackend.MatMul followed by Dense's bias and activation.
    private static void Store(ArrayView<float> c, ArrayView<float> bias, in GemmArgs g, int row, int col, float acc)
    {
        if (row >= g.M || col >= g.N) return;
        var o = row * g.N + col;
        var v = g.Alpha * acc + (g.Beta == 0f ? 0f : g.Beta * c[o]);
        if (g.HasBias != 0) v += bias[col];
        if (g.Activation != UnaryKind.Identity) v = KernelMath.Forward(g.Activation, v, g.ActivationAlpha);
        c[o] = v;
    }
}
