using System.Runtime.Intrinsics;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    // Weights up to 64 KiB stay in L1/L2: a row-at-a-time kernel beats packing for them.
    private const int SmallDenseWeights = 16 * 1024;

    private readonly DenseJob _denseJob = new();

    /// <inheritdoc />
    public override void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
    {
        // x:(N,I) w:(I,O) bias:(O) → y:(N,O) = act(x·w + bias)
        if (w.Rank != 2 || x.Shape.Columns != w.Shape[0] || y.Shape.Columns != w.Shape[1] || x.Shape.Rows != y.Shape.Rows)
            throw new ArgumentException($"Dense shapes do not fit: x {x.Shape} · w {w.Shape} → y {y.Shape}.");
        int n = x.Shape.Rows, i = w.Shape[0], o = w.Shape[1];
        if (bias is not null && bias.Length != o) throw new ArgumentException($"Dense bias {bias.Shape} does not match {o} outputs.");
        var job = _denseJob;
        job.X = Host(x); job.W = Host(w); job.Bias = bias is null ? null : Host(bias); job.Y = Host(y);
        job.N = n; job.I = i; job.O = o; job.Activation = activation; job.Alpha = alpha;
        if ((long)i * o > SmallDenseWeights)
        {
            Gemm(job.X, job.W, job.Y, n, i, o, false, false, 1f, 0f);
            job.GemmDone = true;
        }
        var parts = Math.Min(PartsFor(2.0 * n * i * o), Math.Max(1, n / 8));
        if (parts <= 1) job.Run(0, 1);
        else Workers.Run(job, parts);
        job.X = job.W = job.Y = null!;
        job.Bias = null;
        job.GemmDone = false;
    }

    /// <summary>Dense rows split into fixed bands: either the whole layer (small weights) or just the epilogue after a GEMM.</summary>
    private sealed class DenseJob : IPartitionedJob
    {
        public float[] X = null!, W = null!, Y = null!;
        public float[]? Bias;
        public int N, I, O;
        public UnaryKind Activation;
        public float Alpha;
        public bool GemmDone;

        public void Run(int part, int parts)
        {
            var band = (N + parts - 1) / parts;
            var r0 = Math.Min(N, part * band);
            var r1 = Math.Min(N, r0 + band);
            var r = r0;
            if (!GemmDone && Vector512.IsHardwareAccelerated && O >= 64)
            {
                // four rows share each weight load: 16 independent FMA chains instead of 4
                for (; r + 4 <= r1; r += 4)
                {
                    var done = DenseRows4(X, r, I, W, Bias, Y, O);
                    for (var q = r; q < r + 4; q++) DenseRow(X.AsSpan(q * I, I), W, Bias, Y.AsSpan(q * O, O), O, done);
                    // One activation call for the four contiguous rows: per-row calls cost more than tanh itself.
                    ActivateInPlace(Activation, Y.AsSpan(r * O, 4 * O), Alpha);
                }
            }
            else if (!GemmDone && Vector128.IsHardwareAccelerated && O < 16 && O % 4 == 0)
            {
                // Narrow outputs (policy heads): one 4-wide FMA chain per row is latency-bound; eight rows keep eight chains in flight.
                for (; r + 8 <= r1; r += 8)
                {
                    DenseRowsNarrow8(X, r, I, W, Bias, Y, O);
                    ActivateInPlace(Activation, Y.AsSpan(r * O, 8 * O), Alpha);
                }
            }
            // The remaining rows are contiguous: one activation call for all of them (per-row calls
            // on a narrow layer cost more than the rows' products).
            for (var q = r; q < r1; q++)
            {
                var row = Y.AsSpan(q * O, O);
                if (!GemmDone) DenseRow(X.AsSpan(q * I, I), W, Bias, row, O, 0);
                else if (Bias is not null) CpuLoops.Zip<AddOp>(row, false, Bias, false, row);
            }
            ActivateInPlace(Activation, Y.AsSpan(r * O, (r1 - r) * O), Alpha);
        }
    }

    /// <summary>
    /// Rows r..r+3 of y = bias + x·w for every whole 64-column block; returns the first column not done.
    /// Same k order and FMA chain per element as <see cref="DenseRow"/>, so results do not depend on grouping.
    /// </summary>
    private static unsafe int DenseRows4(float[] xa, int r, int i, float[] wa, float[]? biasa, float[] ya, int o)
    {
        var blocks = o / 64 * 64;
        fixed (float* x0 = &xa[r * i], w = wa, y0 = &ya[r * o], bp = biasa)
        {
            float* x1 = x0 + i, x2 = x1 + i, x3 = x2 + i;
            for (var j = 0; j < blocks; j += 32)
            {
                Vector512<float> b0 = default, b1 = default;
                if (bp != null) { b0 = Vector512.Load(bp + j); b1 = Vector512.Load(bp + j + 16); }
                Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
                var wk = w + j;
                for (var k = 0; k < i; k++, wk += o)
                {
                    var w0 = Vector512.Load(wk);
                    var w1 = Vector512.Load(wk + 16);
                    var v = Vector512.Create(x0[k]); a00 = Vector512.FusedMultiplyAdd(v, w0, a00); a01 = Vector512.FusedMultiplyAdd(v, w1, a01);
                    v = Vector512.Create(x1[k]); a10 = Vector512.FusedMultiplyAdd(v, w0, a10); a11 = Vector512.FusedMultiplyAdd(v, w1, a11);
                    v = Vector512.Create(x2[k]); a20 = Vector512.FusedMultiplyAdd(v, w0, a20); a21 = Vector512.FusedMultiplyAdd(v, w1, a21);
                    v = Vector512.Create(x3[k]); a30 = Vector512.FusedMultiplyAdd(v, w0, a30); a31 = Vector512.FusedMultiplyAdd(v, w1, a31);
                }
                a00.Store(y0 + j); a01.Store(y0 + j + 16);
                a10.Store(y0 + o + j); a11.Store(y0 + o + j + 16);
                a20.Store(y0 + 2 * o + j); a21.Store(y0 + 2 * o + j + 16);
                a30.Store(y0 + 3 * o + j); a31.Store(y0 + 3 * o + j + 16);
            }
        }
        return blocks;
    }

    /// <summary>
    /// Rows r..r+7 of y = bias + x·w for O a multiple of 4 below 16, four columns at a time: the same
    /// k order and FMA chain per element as <see cref="DenseRow"/>'s Vector128 loop.
    /// </summary>
    private static unsafe void DenseRowsNarrow8(float[] xa, int r, int i, float[] wa, float[]? biasa, float[] ya, int o)
    {
        fixed (float* x0 = &xa[r * i], w = wa, y0 = &ya[r * o], bp = biasa)
        {
            for (var j = 0; j < o; j += 4)
            {
                var b = bp == null ? default : Vector128.Load(bp + j);
                Vector128<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
                var wk = w + j;
                var xk = x0;
                for (var k = 0; k < i; k++, wk += o, xk++)
                {
                    var wv = Vector128.Load(wk);
                    a0 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[0]), wv, a0);
                    a1 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[i]), wv, a1);
                    a2 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[2 * i]), wv, a2);
                    a3 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[3 * i]), wv, a3);
                    a4 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[4 * i]), wv, a4);
                    a5 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[5 * i]), wv, a5);
                    a6 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[6 * i]), wv, a6);
                    a7 = Vector128.FusedMultiplyAdd(Vector128.Create(xk[7 * i]), wv, a7);
                }
                var y = y0 + j;
                a0.Store(y); a1.Store(y + o); a2.Store(y + 2 * o); a3.Store(y + 3 * o);
                a4.Store(y + 4 * o); a5.Store(y + 5 * o); a6.Store(y + 6 * o); a7.Store(y + 7 * o);
            }
        }
    }

    /// <summary>
    /// y[j0..]:(O) = bias + x:(I)·w:(I,O), 4 Vector512 accumulators per 64 columns, k in order.
    /// Pointer loops: at batch 1 the layer is one FMA chain per accumulator, and span slicing per k
    /// cost more than the chain's latency.
    /// </summary>
    private static unsafe void DenseRow(ReadOnlySpan<float> xs, float[] wa, float[]? biasa, Span<float> ys, int o, int j0)
    {
        var n = xs.Length;
        if (ys.Length < o || (long)n * o > wa.Length || (biasa is not null && biasa.Length < o))
            throw new ArgumentException("DenseRow: buffers do not fit the layer.");
        var j = j0;
        fixed (float* x = xs, w = wa, y = ys, bias = biasa)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + 64 <= o; j += 64)
                {
                    Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                    if (bias != null)
                    {
                        a0 = Vector512.Load(bias + j); a1 = Vector512.Load(bias + j + 16);
                        a2 = Vector512.Load(bias + j + 32); a3 = Vector512.Load(bias + j + 48);
                    }
                    var wk = w + j;
                    for (var k = 0; k < n; k++, wk += o)
                    {
                        var xk = Vector512.Create(x[k]);
                        a0 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(wk), a0);
                        a1 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(wk + 16), a1);
                        a2 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(wk + 32), a2);
                        a3 = Vector512.FusedMultiplyAdd(xk, Vector512.Load(wk + 48), a3);
                    }
                    a0.Store(y + j); a1.Store(y + j + 16); a2.Store(y + j + 32); a3.Store(y + j + 48);
                }
                for (; j + 16 <= o; j += 16)
                {
                    var a0 = bias == null ? default : Vector512.Load(bias + j);
                    var wk = w + j;
                    for (var k = 0; k < n; k++, wk += o) a0 = Vector512.FusedMultiplyAdd(Vector512.Create(x[k]), Vector512.Load(wk), a0);
                    a0.Store(y + j);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; j + 4 <= o; j += 4)
                {
                    var a0 = bias == null ? default : Vector128.Load(bias + j);
                    var wk = w + j;
                    for (var k = 0; k < n; k++, wk += o) a0 = Vector128.FusedMultiplyAdd(Vector128.Create(x[k]), Vector128.Load(wk), a0);
                    a0.Store(y + j);
                }
            }
            for (; j < o; j++)
            {
                var sum = bias == null ? 0f : bias[j];
                for (var k = 0; k < n; k++) sum = MathF.FusedMultiplyAdd(x[k], w[k * o + j], sum);
                y[j] = sum;
            }
        }
    }
}
