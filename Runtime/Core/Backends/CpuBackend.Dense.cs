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
            for (var r = r0; r < r1; r++)
            {
                var row = Y.AsSpan(r * O, O);
                if (!GemmDone) DenseRow(X.AsSpan(r * I, I), W, Bias, row, O);
                else if (Bias is not null) CpuLoops.Zip<AddOp>(row, false, Bias, false, row);
                ActivateInPlace(Activation, row, Alpha);
            }
        }
    }

    /// <summary>y:(O) = bias + x:(I)·w:(I,O), 4 Vector512 accumulators per 64 columns, k in order.</summary>
    private static void DenseRow(ReadOnlySpan<float> x, float[] w, float[]? bias, Span<float> y, int o)
    {
        var ws = w.AsSpan();
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 64 <= o; j += 64)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                if (bias is not null)
                {
                    a0 = Vector512.Create(bias.AsSpan(j, 16)); a1 = Vector512.Create(bias.AsSpan(j + 16, 16));
                    a2 = Vector512.Create(bias.AsSpan(j + 32, 16)); a3 = Vector512.Create(bias.AsSpan(j + 48, 16));
                }
                for (var k = 0; k < x.Length; k++)
                {
                    var xk = Vector512.Create(x[k]);
                    var wr = ws.Slice(k * o + j, 64);
                    a0 = Vector512.FusedMultiplyAdd(xk, Vector512.Create(wr[..16]), a0);
                    a1 = Vector512.FusedMultiplyAdd(xk, Vector512.Create(wr.Slice(16, 16)), a1);
                    a2 = Vector512.FusedMultiplyAdd(xk, Vector512.Create(wr.Slice(32, 16)), a2);
                    a3 = Vector512.FusedMultiplyAdd(xk, Vector512.Create(wr.Slice(48, 16)), a3);
                }
                a0.CopyTo(y.Slice(j, 16)); a1.CopyTo(y.Slice(j + 16, 16));
                a2.CopyTo(y.Slice(j + 32, 16)); a3.CopyTo(y.Slice(j + 48, 16));
            }
            for (; j + 16 <= o; j += 16)
            {
                var a0 = bias is null ? default : Vector512.Create(bias.AsSpan(j, 16));
                for (var k = 0; k < x.Length; k++)
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(x[k]), Vector512.Create(ws.Slice(k * o + j, 16)), a0);
                a0.CopyTo(y.Slice(j, 16));
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 4 <= o; j += 4)
            {
                var a0 = bias is null ? default : Vector128.Create(bias.AsSpan(j, 4));
                for (var k = 0; k < x.Length; k++)
                    a0 = Vector128.FusedMultiplyAdd(Vector128.Create(x[k]), Vector128.Create(ws.Slice(k * o + j, 4)), a0);
                a0.CopyTo(y.Slice(j, 4));
            }
        }
        for (; j < o; j++)
        {
            var s = bias is null ? 0f : bias[j];
            for (var k = 0; k < x.Length; k++) s = MathF.FusedMultiplyAdd(x[k], ws[k * o + j], s);
            y[j] = s;
        }
    }
}
