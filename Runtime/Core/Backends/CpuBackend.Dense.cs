using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    // Weights up to 64 KiB stay in L1/L2: a row-at-a-time kernel beats packing for them.
    private const int SmallDenseWeights = 16 * 1024;

    // Rows per tile handed to a thread (a multiple of the 4- and 8-row kernels): a tile's activations
    // stay in L1/L2 through a chain of layers.
    private const int ChainTileRows = 32;

    private readonly DenseJob _denseJob = new();
    private readonly ChainJob _chainJob = new();

    /// <inheritdoc />
    public override void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
    {
        var layer = _denseJob.Layer;
        layer.Prepare(x, w, bias, y, activation, alpha);
        try
        {
            if (layer.Large)
            {
                Gemm(layer.X, layer.W, layer.Y, layer.N, layer.I, layer.O, false, false, 1f, 0f);
                layer.GemmDone = true;
            }
            Run(_denseJob, Math.Min(PartsFor(layer.Flops), Math.Max(1, layer.N / 8)));
        }
        finally
        {
            layer.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Threads take tiles of <see cref="ChainTileRows"/> rows through every layer, so the hidden
    /// activations never leave the cache and the workers are woken once, not per layer.
    /// A row's arithmetic is the one <see cref="Dense"/> does (rows never depend on their grouping).
    /// Chains with a layer big enough for the packed GEMM run layer by layer.
    /// </remarks>
    public override void DenseChain(Tensor x, ReadOnlySpan<DenseStage> stages, ReadOnlySpan<Tensor> outputs)
    {
        if (outputs.Length != stages.Length)
            throw new ArgumentException($"DenseChain: {stages.Length} stages need {stages.Length} outputs; got {outputs.Length}.");
        foreach (var stage in stages)
            if (stage.Weight.Length > SmallDenseWeights)
            {
                base.DenseChain(x, stages, outputs);
                return;
            }
        var job = _chainJob;
        if (job.Layers.Length < stages.Length)
        {
            var grown = new DenseLayer[stages.Length];
            job.Layers.CopyTo(grown, 0);
            for (var s = job.Layers.Length; s < grown.Length; s++) grown[s] = new DenseLayer();
            job.Layers = grown;
        }
        job.Count = stages.Length;
        try
        {
            var flops = 0.0;
            for (var s = 0; s < stages.Length; s++)
            {
                var stage = stages[s];
                job.Layers[s].Prepare(s == 0 ? x : outputs[s - 1], stage.Weight, stage.Bias, outputs[s], stage.Activation, stage.Alpha);
                flops += job.Layers[s].Flops;
            }
            Run(job, Math.Min(PartsFor(flops), Math.Max(1, job.Layers[0].N / 8)));
        }
        finally
        {
            for (var s = 0; s < stages.Length; s++) job.Layers[s].Release();
        }
    }

    private void Run(RowTileJob job, int parts)
    {
        job.Reset();
        RunParts(job, parts);
    }

    /// <summary>One Dense call, in tiles of rows.</summary>
    private sealed class DenseJob : RowTileJob
    {
        public readonly DenseLayer Layer = new();

        protected override int RowCount => Layer.N;
        protected override int TileRows => ChainTileRows;
        protected override void Tile(int r0, int r1) => Layer.Rows(r0, r1);
    }

    /// <summary>A chain of dense layers: each tile of rows goes through every layer while it is in cache.</summary>
    private sealed class ChainJob : RowTileJob
    {
        public DenseLayer[] Layers = [];
        public int Count;

        protected override int RowCount => Layers[0].N;
        protected override int TileRows => ChainTileRows;

        protected override void Tile(int r0, int r1)
        {
            for (var s = 0; s < Count; s++) Layers[s].Rows(r0, r1);
        }
    }

    /// <summary>
    /// One dense layer's host buffers and kernel choice, prepared per call; <see cref="Rows"/> computes any
    /// range of rows: either the whole layer (small weights) or just the epilogue after a GEMM.
    /// </summary>
    private sealed class DenseLayer
    {
        public float[] X = null!, W = null!, Y = null!;
        public float[]? Bias;
        public int N, I, O;
        public UnaryKind Activation;
        public float Alpha;
        public bool GemmDone;
        private bool _narrow;   // a narrow head (DenseRowsNarrow)
        private float[]? _packed; // its weights in the layout of PackNarrow when a block of eight rows can use them
        private float[] _pack = [];

        /// <summary>Weights too big for the row kernels: the caller runs the packed GEMM, then <see cref="Rows"/> adds bias and activation.</summary>
        public bool Large => (long)I * O > SmallDenseWeights;

        public double Flops => 2.0 * N * I * O;

        public void Prepare(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha)
        {
            // x:(N,I) w:(I,O) bias:(O) → y:(N,O) = act(x·w + bias)
            if (w.Rank != 2 || x.Shape.Columns != w.Shape[0] || y.Shape.Columns != w.Shape[1] || x.Shape.Rows != y.Shape.Rows)
                throw new ArgumentException($"Dense shapes do not fit: x {x.Shape} · w {w.Shape} → y {y.Shape}.");
            N = x.Shape.Rows; I = w.Shape[0]; O = w.Shape[1];
            if (bias is not null && bias.Length != O) throw new ArgumentException($"Dense bias {bias.Shape} does not match {O} outputs.");
            X = Host(x); W = Host(w); Bias = bias is null ? null : Host(bias); Y = Host(y);
            Activation = activation; Alpha = alpha;
            _narrow = !Large && NarrowHead(I, O);
            if (_narrow && N >= 8)
            {
                if (_pack.Length < I * O) _pack = new float[I * O];
                PackNarrow(W, I, O, _pack);
                _packed = _pack;
            }
        }

        public void Release()
        {
            X = W = Y = null!;
            Bias = _packed = null;
            GemmDone = _narrow = false;
        }

        public void Rows(int r0, int r1)
        {
            var r = r0;
            if (_narrow)
            {
                DenseRowsNarrow(X, r0, r1 - r0, I, _packed, W, Bias, Y, O);
                ActivateInPlace(Activation, Y.AsSpan(r0 * O, (r1 - r0) * O), Alpha);
                return;
            }
            if (!GemmDone && Avx512F.IsSupported && O >= 64)
            {
                // Four rows share each weight load: 16 independent FMA chains instead of 4. The activation
                // runs once per chunk of rows while they are in L1: per-row calls cost more than tanh itself,
                // and applying it to the 16 accumulators before the store was measured slower (register pressure).
                const int chunk = 32;
                for (; r + 4 <= r1; )
                {
                    var end = r + Math.Min(chunk, (r1 - r) / 4 * 4);
                    for (var q = r; q < end; q += 4)
                    {
                        var done = DenseRows4(X, q, I, W, Bias, Y, O);
                        if (done < O) // columns past the last whole 64, one row at a time
                            for (var row = q; row < q + 4; row++) DenseRow(X.AsSpan(row * I, I), W, Bias, Y.AsSpan(row * O, O), O, done);
                    }
                    ActivateInPlace(Activation, Y.AsSpan(r * O, (end - r) * O), Alpha);
                    r = end;
                }
            }
            else if (!GemmDone && Avx512F.IsSupported && O < 16)
            {
                // Narrow outputs (classifier heads of 10, small policy heads): one masked vector per row;
                // eight rows keep eight FMA chains in flight.
                for (; r + 8 <= r1; r += 8) DenseRowsMasked8(X, r, I, W, Bias, Y, O, 0);
                ActivateInPlace(Activation, Y.AsSpan(r0 * O, (r - r0) * O), Alpha);
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
        var all = Vector512<float>.AllBitsSet;
        fixed (float* x0 = &xa[r * i], w = wa, y0 = &ya[r * o], bp = biasa)
            for (var j = 0; j < blocks; j += 64)
                Tile4x64(x0, i, 1, i, w + j, o, bp == null ? null : bp + j, y0 + j, o, all, all, all, all);
        return blocks;
    }

    /// <summary>
    /// A 4 × 64 register tile: y(r, ·) = bias + Σ_p x(r, p)·w(p, ·) for rows r = 0..3 (ldy apart) and the 64
    /// columns at w, bias and y, each 16 of them masked by m0..m3 (lanes outside are neither read nor
    /// written). x(r, p) = x[r·rsX + p·csX]; w's rows are ldw apart; bias may be null (zero). 16
    /// accumulators, and each p costs 4 weight loads and 4 broadcasts for 16 FMAs: one FMA chain per
    /// element, p in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x64(float* x, nint rsX, nint csX, int k, float* w, nint ldw, float* bias, float* y, nint ldy,
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3)
    {
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        if (bias != null)
        {
            b0 = Avx512F.MaskLoad(bias, m0, default); b1 = Avx512F.MaskLoad(bias + 16, m1, default);
            b2 = Avx512F.MaskLoad(bias + 32, m2, default); b3 = Avx512F.MaskLoad(bias + 48, m3, default);
        }
        Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3, a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        Vector512<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3, a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        float* x0 = x, x1 = x0 + rsX, x2 = x1 + rsX, x3 = x2 + rsX;
        var wk = w;
        for (nint p = 0, q = 0; p < k; p++, q += csX, wk += ldw)
        {
            var w0 = Avx512F.MaskLoad(wk, m0, default); var w1 = Avx512F.MaskLoad(wk + 16, m1, default);
            var w2 = Avx512F.MaskLoad(wk + 32, m2, default); var w3 = Avx512F.MaskLoad(wk + 48, m3, default);
            var v = Vector512.Create(x0[q]);
            a00 = Vector512.FusedMultiplyAdd(v, w0, a00); a01 = Vector512.FusedMultiplyAdd(v, w1, a01);
            a02 = Vector512.FusedMultiplyAdd(v, w2, a02); a03 = Vector512.FusedMultiplyAdd(v, w3, a03);
            v = Vector512.Create(x1[q]);
            a10 = Vector512.FusedMultiplyAdd(v, w0, a10); a11 = Vector512.FusedMultiplyAdd(v, w1, a11);
            a12 = Vector512.FusedMultiplyAdd(v, w2, a12); a13 = Vector512.FusedMultiplyAdd(v, w3, a13);
            v = Vector512.Create(x2[q]);
            a20 = Vector512.FusedMultiplyAdd(v, w0, a20); a21 = Vector512.FusedMultiplyAdd(v, w1, a21);
            a22 = Vector512.FusedMultiplyAdd(v, w2, a22); a23 = Vector512.FusedMultiplyAdd(v, w3, a23);
            v = Vector512.Create(x3[q]);
            a30 = Vector512.FusedMultiplyAdd(v, w0, a30); a31 = Vector512.FusedMultiplyAdd(v, w1, a31);
            a32 = Vector512.FusedMultiplyAdd(v, w2, a32); a33 = Vector512.FusedMultiplyAdd(v, w3, a33);
        }
        Store64(y, a00, a01, a02, a03, m0, m1, m2, m3); y += ldy;
        Store64(y, a10, a11, a12, a13, m0, m1, m2, m3); y += ldy;
        Store64(y, a20, a21, a22, a23, m0, m1, m2, m3); y += ldy;
        Store64(y, a30, a31, a32, a33, m0, m1, m2, m3);
    }

    /// <summary>Stores 64 floats as four vectors, each masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store64(float* y, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3,
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3)
    {
        Avx512F.MaskStore(y, m0, v0); Avx512F.MaskStore(y + 16, m1, v1);
        Avx512F.MaskStore(y + 32, m2, v2); Avx512F.MaskStore(y + 48, m3, v3);
    }

    /// <summary>
    /// Rows r..r+7 of y = bias + x·w for columns j0..O−1, fewer than 16 of them: one masked Vector512 per
    /// row, the same k order and FMA chain per element as <see cref="DenseRow"/>'s masked tail.
    /// </summary>
    private static unsafe void DenseRowsMasked8(float[] xa, int r, int i, float[] wa, float[]? biasa, float[] ya, int o, int j0)
    {
        var mask = TailMask(o - j0);
        fixed (float* x0 = &xa[r * i], w = wa, y0 = &ya[r * o], bp = biasa)
        {
            var b = bp == null ? default : Avx512F.MaskLoad(bp + j0, mask, default);
            Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
            var wk = w + j0;
            var xk = x0;
            nint i1 = i;
            for (var k = 0; k < i; k++, wk += o, xk++)
            {
                var wv = Avx512F.MaskLoad(wk, mask, default);
                a0 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[0]), wv, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[i1]), wv, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[2 * i1]), wv, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[3 * i1]), wv, a3);
                a4 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[4 * i1]), wv, a4);
                a5 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[5 * i1]), wv, a5);
                a6 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[6 * i1]), wv, a6);
                a7 = Vector512.FusedMultiplyAdd(Vector512.Create(xk[7 * i1]), wv, a7);
            }
            var y = y0 + j0;
            Avx512F.MaskStore(y, mask, a0); Avx512F.MaskStore(y + o, mask, a1);
            Avx512F.MaskStore(y + 2 * o, mask, a2); Avx512F.MaskStore(y + 3 * o, mask, a3);
            Avx512F.MaskStore(y + 4 * o, mask, a4); Avx512F.MaskStore(y + 5 * o, mask, a5);
            Avx512F.MaskStore(y + 6 * o, mask, a6); Avx512F.MaskStore(y + 7 * o, mask, a7);
        }
    }

    /// <summary>All bits set in lanes below <paramref name="width"/> (1..16).</summary>
    private static Vector512<float> TailMask(int width) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width)).AsSingle();

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
            if (Avx512F.IsSupported && j < o)
            {
                // the last < 16 columns in one masked vector: per element the same FMA chain as the loops below
                var mask = TailMask(o - j);
                var a0 = bias == null ? default : Avx512F.MaskLoad(bias + j, mask, default);
                var wk = w + j;
                for (var k = 0; k < n; k++, wk += o) a0 = Vector512.FusedMultiplyAdd(Vector512.Create(x[k]), Avx512F.MaskLoad(wk, mask, default), a0);
                Avx512F.MaskStore(y + j, mask, a0);
                j = o;
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
