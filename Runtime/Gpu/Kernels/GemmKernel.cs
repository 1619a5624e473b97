using ILGPU;
using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Shared-memory tiled SGEMM with 4x4 register blocking and a fused epilogue:
/// c:(M,N) = act(alpha·op(a)·op(b) + beta·c + bias). a:(M,K) or (K,M) with TransA; b:(K,N) or (N,K)
/// with TransB; bias:(N).
/// <para>
/// A 16x16 thread group computes a 64x64 tile of c. Per K-step of 16 it stages a 64x16 slice of op(a)
/// and a 16x64 slice of op(b) in shared memory; the load order follows the operand's memory layout
/// (consecutive threads read consecutive addresses, for either transpose flag), and the +1 padding
/// keeps the transposing stores free of bank conflicts. Thread (tx, ty) owns rows ty+16m and columns
/// tx+16n (m, n in 0..3), so warp reads of the B tile and writes of c are contiguous.
/// </para>
/// </summary>
internal static class GemmKernel
{
    public const int Threads = 16;           // group is Threads x Threads
    public const int TileM = 64, TileN = 64; // c tile per group
    public const int TileK = 16;
    private const int StrideA = TileM + 1, StrideB = TileN + 1;
    private const int GroupSize = Threads * Threads;
    private const int LoadsA = TileM * TileK / GroupSize, LoadsB = TileK * TileN / GroupSize;

    public static void Gemm(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> bias, GemmArgs g)
    {
        var tileA = SharedMemory.Allocate<float>(TileK * StrideA); // [p][i]
        var tileB = SharedMemory.Allocate<float>(TileK * StrideB); // [p][j]
        int tx = Group.IdxX, ty = Group.IdxY;
        var tid = ty * Threads + tx;
        var row0 = Grid.IdxY * TileM;
        var col0 = Grid.IdxX * TileN;
        int m = g.M, n = g.N, k = g.K;

        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;

        for (var k0 = 0; k0 < k; k0 += TileK)
        {
            for (var r = 0; r < LoadsA; r++)
            {
                var e = tid + r * GroupSize;
                int i, p;
                if (g.TransA == 0) { i = e / TileK; p = e % TileK; }
                else { p = e / TileM; i = e % TileM; }
                int gi = row0 + i, gp = k0 + p;
                var v = 0f;
                if (gi < m && gp < k) v = g.TransA == 0 ? a[gi * k + gp] : a[gp * m + gi];
                tileA[p * StrideA + i] = v;
            }
            for (var r = 0; r < LoadsB; r++)
            {
                var e = tid + r * GroupSize;
                int j, p;
                if (g.TransB == 0) { p = e / TileN; j = e % TileN; }
                else { j = e / TileK; p = e % TileK; }
                int gj = col0 + j, gp = k0 + p;
                var v = 0f;
                if (gj < n && gp < k) v = g.TransB == 0 ? b[gp * n + gj] : b[gj * k + gp];
                tileB[p * StrideB + j] = v;
            }
            Group.Barrier();

            for (var p = 0; p < TileK; p++)
            {
                var ai = p * StrideA + ty;
                var bj = p * StrideB + tx;
                float a0 = tileA[ai], a1 = tileA[ai + 16], a2 = tileA[ai + 32], a3 = tileA[ai + 48];
                float b0 = tileB[bj], b1 = tileB[bj + 16], b2 = tileB[bj + 32], b3 = tileB[bj + 48];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }

        var r0 = row0 + ty;
        var q0 = col0 + tx;
        Store(c, bias, g, r0, q0, c00); Store(c, bias, g, r0, q0 + 16, c01); Store(c, bias, g, r0, q0 + 32, c02); Store(c, bias, g, r0, q0 + 48, c03);
        Store(c, bias, g, r0 + 16, q0, c10); Store(c, bias, g, r0 + 16, q0 + 16, c11); Store(c, bias, g, r0 + 16, q0 + 32, c12); Store(c, bias, g, r0 + 16, q0 + 48, c13);
        Store(c, bias, g, r0 + 32, q0, c20); Store(c, bias, g, r0 + 32, q0 + 16, c21); Store(c, bias, g, r0 + 32, q0 + 32, c22); Store(c, bias, g, r0 + 32, q0 + 48, c23);
        Store(c, bias, g, r0 + 48, q0, c30); Store(c, bias, g, r0 + 48, q0 + 16, c31); Store(c, bias, g, r0 + 48, q0 + 32, c32); Store(c, bias, g, r0 + 48, q0 + 48, c33);
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
