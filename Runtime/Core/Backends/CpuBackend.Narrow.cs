using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>
/// Dense layers with 1, 2, 4 or 8 outputs (policy, value and classifier heads). One output per lane
/// would use a quarter of a Vector512 or less, with one long FMA chain per row; here a vector holds
/// G = 16/O consecutive k for all O outputs, so a row takes I/G full-width FMAs, then a fixed
/// pairwise fold of the G partial sums. For batches the weights are packed once per call so that
/// lane j·G + p holds w[k + p, j], matching x[k..k+G) broadcast G-wide with one load. Every row,
/// whatever its batch, adds the same products in the same order, so results do not depend on how
/// rows are grouped.
/// </summary>
public sealed partial class CpuBackend
{
    /// <summary>True when <see cref="DenseRowsNarrow"/> handles a layer of this shape.</summary>
    private static bool NarrowHead(int i, int o) =>
        Avx512F.IsSupported && o is 1 or 2 or 4 or 8 && i >= 16 / o;

    /// <summary>Packs w:(I,O) block by block (16 values = G k × O outputs) into lane order j·G + p.</summary>
    private static unsafe void PackNarrow(float[] wa, int i, int o, float[] packed)
    {
        var g = 16 / o;
        var blocks = i / g;
        // lane l = j·G + p takes w[k + p, j], which sits at (l mod G)·O + l / G in the row-major block
        Span<int> lanes = stackalloc int[16];
        for (var l = 0; l < 16; l++) lanes[l] = l % g * o + l / g;
        var index = Vector512.Create<int>(lanes);
        fixed (float* w = wa, p = packed)
            for (var b = 0; b < blocks; b++)
                Avx512F.PermuteVar16x32(Vector512.Load(w + b * 16), index).Store(p + b * 16);
    }

    /// <summary>
    /// Rows r..r+count of y = bias + x·w for a narrow head. Blocks of eight rows read the weights
    /// packed by <see cref="PackNarrow"/> (null when count &lt; 8); the rows left over read them as they
    /// are, with x spread to match, and fold with the same pairs: both give the same bits.
    /// </summary>
    private static unsafe void DenseRowsNarrow(float[] xa, int r, int count, int i, float[]? packed, float[] wa, float[]? biasa, float[] ya, int o)
    {
        if (count <= 0) return;
        fixed (float* x = &xa[r * i], p = packed, w = wa, y = &ya[r * o], bias = biasa)
        {
            switch (o)
            {
                case 1: NarrowRows<Head1>(x, count, i, p, w, bias, y); break;
                case 2: NarrowRows<Head2>(x, count, i, p, w, bias, y); break;
                case 4: NarrowRows<Head4>(x, count, i, p, w, bias, y); break;
                default: NarrowRows<Head8>(x, count, i, p, w, bias, y); break;
            }
        }
    }

    private static unsafe void NarrowRows<T>(float* x, int count, int i, float* packed, float* w, float* bias, float* y) where T : INarrowWidth
    {
        var o = T.Outputs;
        var g = 16 / o;
        var steps = i / g;
        var row = 0;
        var sums = stackalloc Vector512<float>[8];
        nint i1 = i, i2 = 2 * i1, i3 = 3 * i1, i4 = 4 * i1, i5 = 5 * i1, i6 = 6 * i1, i7 = 7 * i1;
        // Eight rows share each packed weight load and keep eight FMA chains in flight.
        for (; row + 8 <= count; row += 8)
        {
            var x0 = x + row * i1;
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            var wk = packed;
            var xk = x0;
            for (var s = 0; s < steps; s++, wk += 16, xk += g)
            {
                var wv = Vector512.Load(wk);
                a0 = Vector512.FusedMultiplyAdd(T.Spread(xk), wv, a0);
                a1 = Vector512.FusedMultiplyAdd(T.Spread(xk + i1), wv, a1);
                a2 = Vector512.FusedMultiplyAdd(T.Spread(xk + i2), wv, a2);
                a3 = Vector512.FusedMultiplyAdd(T.Spread(xk + i3), wv, a3);
                a4 = Vector512.FusedMultiplyAdd(T.Spread(xk + i4), wv, a4);
                a5 = Vector512.FusedMultiplyAdd(T.Spread(xk + i5), wv, a5);
                a6 = Vector512.FusedMultiplyAdd(T.Spread(xk + i6), wv, a6);
                a7 = Vector512.FusedMultiplyAdd(T.Spread(xk + i7), wv, a7);
            }
            // Park the sums before finishing: a call with eight live vectors (all caller-saved) makes
            // the JIT spill every accumulator inside the loop.
            sums[0] = a0; sums[1] = a1; sums[2] = a2; sums[3] = a3; sums[4] = a4; sums[5] = a5; sums[6] = a6; sums[7] = a7;
            for (var q = 0; q < 8; q++)
            {
                var acc = sums[q];
                // lane j·G + p holds output j's partial sum p: fold p pairwise, then gather lanes j·G to the bottom
                for (var d = 1; d < g; d *= 2) acc += Avx512F.PermuteVar16x32(acc, Vector512<int>.Indices ^ Vector512.Create(d));
                if (g > 1) acc = Avx512F.PermuteVar16x32(acc, Vector512<int>.Indices * g);
                FinishNarrowRow<T>(acc, x0 + q * i1, i, steps * g, w, bias, y + (row + q) * o);
            }
        }
        // Leftover rows (and batch 1, with no packing): weights as stored, lane p·O + j holds w[k + p, j],
        // so x[k + p] is spread to lanes p·O..p·O+O−1 and the partial sums fold across distance O, 2O, …
        var spread = Vector512<int>.Indices / Vector512.Create(o);
        for (; row < count; row++)
        {
            var xr = x + row * i1;
            Vector512<float> acc = default;
            var wk = w;
            var xk = xr;
            for (var s = 0; s < steps; s++, wk += 16, xk += g)
                acc = Vector512.FusedMultiplyAdd(Avx512F.PermuteVar16x32(T.Spread(xk), spread), Vector512.Load(wk), acc);
            for (var d = 1; d < g; d *= 2) acc += Avx512F.PermuteVar16x32(acc, Vector512<int>.Indices ^ Vector512.Create(d * o));
            FinishNarrowRow<T>(acc, xr, i, steps * g, w, bias, y + row * o);
        }
    }

    /// <summary>y[j] = folded sum + bias[j], then the k past the last whole vector, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void FinishNarrowRow<T>(Vector512<float> sums, float* x, int i, int done, float* w, float* bias, float* y) where T : INarrowWidth
    {
        var o = T.Outputs;
        T.StoreWithBias(sums, bias, y);
        for (var k = done; k < i; k++)
            for (var j = 0; j < o; j++) y[j] = MathF.FusedMultiplyAdd(x[k], w[k * o + j], y[j]);
    }

    /// <summary>One narrow width: how x[k..k+G) is spread over a vector, and how O results are stored.</summary>
    private interface INarrowWidth
    {
        static abstract int Outputs { get; }
        /// <summary>Lane l holds x[l mod G].</summary>
        static abstract unsafe Vector512<float> Spread(float* x);
        /// <summary>y[j] = lane j + bias[j] (bias may be null).</summary>
        static abstract unsafe void StoreWithBias(Vector512<float> v, float* bias, float* y);
    }

    private readonly struct Head1 : INarrowWidth
    {
        public static int Outputs => 1;
        public static unsafe Vector512<float> Spread(float* x) => Vector512.Load(x);
        public static unsafe void StoreWithBias(Vector512<float> v, float* bias, float* y) =>
            *y = bias == null ? v.ToScalar() : v.ToScalar() + *bias;
    }

    private readonly struct Head2 : INarrowWidth
    {
        public static int Outputs => 2;
        public static unsafe Vector512<float> Spread(float* x) => Avx512F.BroadcastVector256ToVector512((double*)x).AsSingle();
        public static unsafe void StoreWithBias(Vector512<float> v, float* bias, float* y)
        {
            var low = v.GetLower().GetLower();
            if (bias != null) low += Vector128.CreateScalar(*(double*)bias).AsSingle();
            *(double*)y = low.AsDouble().ToScalar();
        }
    }

    private readonly struct Head4 : INarrowWidth
    {
        public static int Outputs => 4;
        public static unsafe Vector512<float> Spread(float* x) => Avx512F.BroadcastVector128ToVector512(x);
        public static unsafe void StoreWithBias(Vector512<float> v, float* bias, float* y)
        {
            var low = v.GetLower().GetLower();
            if (bias != null) low += Vector128.Load(bias);
            low.Store(y);
        }
    }

    private readonly struct Head8 : INarrowWidth
    {
        public static int Outputs => 8;
        public static unsafe Vector512<float> Spread(float* x) => Vector512.Create(*(double*)x).AsSingle();
        public static unsafe void StoreWithBias(Vector512<float> v, float* bias, float* y)
        {
            var low = v.GetLower();
            if (bias != null) low += Vector256.Load(bias);
            low.Store(y);
        }
    }
}
