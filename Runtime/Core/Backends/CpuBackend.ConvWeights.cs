using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Myelin.Backends;

/// <summary>
/// The direct convolution's weight and bias gradients: dy streamed against the padded x that
/// <see cref="Conv2DForward"/> kept (see CpuBackend.Conv.cs for the layout).
/// </summary>
public sealed partial class CpuBackend
{
    private readonly ConvWeightsJob _convWeights = new();

    /// <inheritdoc />
    /// <remarks>
    /// From the padded x kept by the direct forward pass. Work items are (four output channels, one input
    /// channel, one kernel row), split across threads in fixed ranges and walked a few images at a time
    /// (as many as keep an item's dy in ~16 KB); each weight gradient is one sum per lane over (chunk of
    /// images, 16-column strip, image, row) in that order, reduced across lanes at the end, so the bits
    /// do not depend on the thread count. With a 3-wide kernel the bias sums ride in the same pass (in
    /// the sums of the fourth kernel column, which such a kernel leaves free); otherwise, or for the
    /// bias alone, dy's planes are summed separately.
    /// </remarks>
    public override void Conv2DBackwardWeights(Tensor dy, Tensor? dw, float betaW, Tensor? db, float betaB, Conv2DWorkspace workspace, in Conv2DGeometry g)
    {
        if (!Direct(g)) { base.Conv2DBackwardWeights(dy, dw, betaW, db, betaB, workspace, g); return; }
        if (dw is null && db is null) return;
        if (dy.Rank != 4 || dy.Length != g.Batch * dy.Shape[1] * g.OutHeight * g.OutWidth)
            throw new ArgumentException($"Conv2DBackwardWeights: dy {dy.Shape} does not fit {g}.");
        var o = dy.Shape[1];
        if (dw is not null && dw.Length != o * g.PatchSize)
            throw new ArgumentException($"Conv2DBackwardWeights: dw {dw.Shape} does not fit {o} output channels of {g}.");
        if (db is not null && db.Length != o)
            throw new ArgumentException($"Conv2DBackwardWeights: db {db.Shape} does not fit {o} output channels.");
        var input = PaddedLayout.ForInput(g);
        var saved = workspace.Saved(dy.Backend, input.Length(g.Batch, g.Channels));
        var job = _convWeights;
        job.Dy = Host(dy); job.X = Host(saved); job.Dw = dw is null ? null : Host(dw); job.Db = db is null ? null : Host(db);
        job.BetaW = betaW; job.BetaB = betaB; job.G = g; job.O = o; job.In = input;
        var parts = Math.Min(PartsFor(2.0 * o * g.PatchSize * g.PatchCount), job.Items);
        job.Prepare(parts, workspace);
        try
        {
            RunParts(job, parts);
        }
        finally { job.Dy = job.X = null!; job.Dw = job.Db = null; }
    }

    /// <summary>
    /// dw[o, c, y, x] = betaW·dw + Σ_n Σ_r Σ_j dy[n, o, r, j] · xpad[n, c, r + y, j + x] and db[o] = betaB·db +
    /// Σ dy[n, o]. An item is four output channels (the last block repeats its last channel, dropped), one
    /// input channel and one kernel row; it walks dy and x once per four kernel columns with 16 vector
    /// accumulators: four dy and four shifted x loads per 16 FMAs (three and 12 for a 3-wide rest, a 3×3
    /// kernel's row). Each lane sums over (chunk of images, 16-column strip, image, row) in order; the
    /// lanes are added at the end.
    /// </summary>
    private sealed class ConvWeightsJob : IPartitionedJob
    {
        public float[] Dy = null!, X = null!;
        public float[]? Dw, Db;
        public float BetaW, BetaB;
        public Conv2DGeometry G;
        public PaddedLayout In;
        public int O;

        // Images per pass: while the items of a part walk a chunk, an item's four dy channels (~16 KB) stay
        // in L1 for its kernel rows and the chunk in L2 (walking the whole batch per item streamed ~26 MB
        // from L3 for the MNIST CNN's second layer).
        private int ChunkImages => Math.Clamp(ChunkBytes / (4 * sizeof(float) * G.OutHeight * G.OutWidth), 1, 8);
        private const int ChunkBytes = 16 * 1024;

        // Per part: 16 vector sums per (item, block of four kernel columns), kept between chunks.
        private float[][] _sums = [];

        public int Items => (O + 3) / 4 * G.Channels * G.KernelH;

        private int ColumnBlocks => (G.KernelW + 3) / 4;

        public unsafe void Run(int part, int parts)
        {
            var g = G;
            int items = Items, i0 = items * part / parts, i1 = items * (part + 1) / parts, perBlock = g.Channels * g.KernelH;
            int blocks = ColumnBlocks, oh = g.OutHeight, strips = (g.OutWidth + 15) / 16, perStrip = g.Batch * oh;
            var sumsLength = (i1 - i0) * blocks * 256;
            Array.Clear(_sums[part], 0, sumsLength);
            // with a 3-wide kernel the bias sums ride in the weight pass's free fourth column
            var fusedBias = Dw != null && Db != null && g.KernelW == 3;
            fixed (float* dy = Dy, x = X, dw = Dw, db = Db, sums = _sums[part])
            {
                if (dw != null)
                {
                    for (var n0 = 0; n0 < g.Batch; n0 += ChunkImages)
                    {
                        var n1 = Math.Min(g.Batch, n0 + ChunkImages);
                        for (var item = i0; item < i1; item++)
                        {
                            int o0 = item / perBlock * 4, c = item % perBlock / g.KernelH, y = item % g.KernelH;
                            for (var b = 0; b < blocks; b++)
                            {
                                var acc = sums + ((item - i0) * blocks + b) * 256;
                                for (var s = 0; s < strips; s++)
                                {
                                    // one strip's rows share the lane mask; the chunk's images are consecutive entries
                                    int e0 = s * perStrip + n0 * oh, e1 = s * perStrip + n1 * oh;
                                    var mask = TailMask(Math.Min(16, g.OutWidth - 16 * s));
                                    // a 3-wide rest (a 3x3 kernel's whole row) skips the fourth column's FMAs, and
                                    // a 3-wide kernel's first item of an output block sums dy for the bias there
                                    if (g.KernelW - 4 * b != 3) WeightBlock<Four>(dy, x, acc, o0, c, y, 4 * b, e0, e1, mask);
                                    else if (fusedBias && item % perBlock == 0) WeightBlock<ThreeAndBias>(dy, x, acc, o0, c, y, 4 * b, e0, e1, mask);
                                    else WeightBlock<Three>(dy, x, acc, o0, c, y, 4 * b, e0, e1, mask);
                                }
                            }
                        }
                    }
                    for (var item = i0; item < i1; item++)
                        for (var b = 0; b < blocks; b++)
                        {
                            var acc = sums + ((item - i0) * blocks + b) * 256;
                            WriteWeights(acc, dw, item / perBlock * 4, item % perBlock / g.KernelH, item % g.KernelH, 4 * b);
                            if (fusedBias && item % perBlock == 0) WriteBias(acc, db, item / perBlock * 4);
                        }
                }
                if (db != null && !fusedBias)
                    for (var item = i0; item < i1; item++)
                        if (item % perBlock == 0) BiasBlock(dy, db, item / perBlock * 4);
            }
        }

        // One entry per (16-column strip, image, output row), in that order: dy's offset from (image 0, channel
        // o0) and x's from (image 0, channel c, kernel row y, column x0). A flat loop over them keeps the 16
        // accumulators in registers (nested image/row/column loops made the JIT spill them per row), and a
        // strip's entries share one lane mask, made once outside the loop.
        private int[] _dyAt = [], _xAt = [];

        // A layer's table, kept in its workspace: a network's conv layers take turns on this job every
        // step, and rebuilding the table each time (3,584 entries for a 28-wide layer at batch 64) cost
        // more than the first layer's bias gradient. A stale table (another batch size) is rebuilt in
        // place, its arrays grown only when too short.
        private sealed class EntryTable
        {
            public Conv2DGeometry G;
            public int O = -1;
            public int[] DyAt = [], XAt = [];
        }

        /// <summary>Takes the entry table for this call's geometry from the workspace (building it there when it is missing or stale), and sizes each part's sums.</summary>
        public void Prepare(int parts, Conv2DWorkspace workspace)
        {
            var g = G;
            if (workspace.BackendState is not EntryTable table) workspace.BackendState = table = new EntryTable();
            if (table.G != g || table.O != O)
            {
                int oh = g.OutHeight, ow = g.OutWidth, entries = g.Batch * oh * ((ow + 15) / 16);
                if (table.DyAt.Length < entries) { table.DyAt = new int[entries]; table.XAt = new int[entries]; }
                var e = 0;
                for (var j = 0; j < ow; j += 16)
                    for (var n = 0; n < g.Batch; n++)
                        for (var r = 0; r < oh; r++, e++)
                        {
                            table.DyAt[e] = (n * O * oh + r) * ow + j;
                            table.XAt[e] = n * In.Image(g.Channels) + r * In.RowStride + j;
                        }
                table.G = g; table.O = O;
            }
            _dyAt = table.DyAt; _xAt = table.XAt;
            if (_sums.Length < parts) Array.Resize(ref _sums, parts);
            var size = ((Items + parts - 1) / parts + 1) * ColumnBlocks * 256;
            for (var p = 0; p < parts; p++)
                if (_sums[p] is null || _sums[p].Length < size) _sums[p] = new float[size];
        }

        /// <summary>Adds entries e0..e1−1 (one strip's, lanes in <paramref name="mask"/>) to the 16 vector sums at <paramref name="acc"/> (four output channels × four kernel columns).</summary>
        private unsafe void WeightBlock<TColumns>(float* dy, float* xs, float* acc, int o0, int c, int y, int x0, int e0, int e1, Vector512<float> mask)
            where TColumns : struct, IColumns
        {
            var g = G;
            int o = O, outPlane = g.OutHeight * g.OutWidth;
            nint d1 = Math.Min(1, o - 1 - o0) * outPlane, d2 = Math.Min(2, o - 1 - o0) * outPlane, d3 = Math.Min(3, o - 1 - o0) * outPlane;
            var dBase = dy + (nint)o0 * outPlane;
            var xBase = xs + (nint)c * In.Plane + y * In.RowStride + x0;
            Vector512<float> a00 = Vector512.Load(acc), a01 = Vector512.Load(acc + 16), a02 = Vector512.Load(acc + 32), a03 = Vector512.Load(acc + 48);
            Vector512<float> a10 = Vector512.Load(acc + 64), a11 = Vector512.Load(acc + 80), a12 = Vector512.Load(acc + 96), a13 = Vector512.Load(acc + 112);
            Vector512<float> a20 = Vector512.Load(acc + 128), a21 = Vector512.Load(acc + 144), a22 = Vector512.Load(acc + 160), a23 = Vector512.Load(acc + 176);
            Vector512<float> a30 = Vector512.Load(acc + 192), a31 = Vector512.Load(acc + 208), a32 = Vector512.Load(acc + 224), a33 = Vector512.Load(acc + 240);
            fixed (int* dyAt = _dyAt, xAt = _xAt)
                for (var t = e0; t < e1; t++)
                {
                    var dn = dBase + dyAt[t];
                    var xn = xBase + xAt[t];
                    var f0 = Avx512F.MaskLoad(dn, mask, default); var f1 = Avx512F.MaskLoad(dn + d1, mask, default);
                    var f2 = Avx512F.MaskLoad(dn + d2, mask, default); var f3 = Avx512F.MaskLoad(dn + d3, mask, default);
                    // x masked too: past the output width dy is 0, and 0 · Inf would be NaN
                    var v = Avx512F.MaskLoad(xn, mask, default);
                    a00 = Vector512.FusedMultiplyAdd(f0, v, a00); a10 = Vector512.FusedMultiplyAdd(f1, v, a10);
                    a20 = Vector512.FusedMultiplyAdd(f2, v, a20); a30 = Vector512.FusedMultiplyAdd(f3, v, a30);
                    v = Avx512F.MaskLoad(xn + 1, mask, default);
                    a01 = Vector512.FusedMultiplyAdd(f0, v, a01); a11 = Vector512.FusedMultiplyAdd(f1, v, a11);
                    a21 = Vector512.FusedMultiplyAdd(f2, v, a21); a31 = Vector512.FusedMultiplyAdd(f3, v, a31);
                    v = Avx512F.MaskLoad(xn + 2, mask, default);
                    a02 = Vector512.FusedMultiplyAdd(f0, v, a02); a12 = Vector512.FusedMultiplyAdd(f1, v, a12);
                    a22 = Vector512.FusedMultiplyAdd(f2, v, a22); a32 = Vector512.FusedMultiplyAdd(f3, v, a32);
                    if (TColumns.Count == 3) // constants per instantiation: the JIT drops the branches and the column
                    {
                        if (TColumns.SumsDy) { a03 += f0; a13 += f1; a23 += f2; a33 += f3; }
                        continue;
                    }
                    v = Avx512F.MaskLoad(xn + 3, mask, default);
                    a03 = Vector512.FusedMultiplyAdd(f0, v, a03); a13 = Vector512.FusedMultiplyAdd(f1, v, a13);
                    a23 = Vector512.FusedMultiplyAdd(f2, v, a23); a33 = Vector512.FusedMultiplyAdd(f3, v, a33);
                }
            a00.Store(acc); a01.Store(acc + 16); a02.Store(acc + 32); a03.Store(acc + 48);
            a10.Store(acc + 64); a11.Store(acc + 80); a12.Store(acc + 96); a13.Store(acc + 112);
            a20.Store(acc + 128); a21.Store(acc + 144); a22.Store(acc + 160); a23.Store(acc + 176);
            a30.Store(acc + 192); a31.Store(acc + 208); a32.Store(acc + 224); a33.Store(acc + 240);
        }

        /// <summary>dw[o0 + i, c, y, x0 + k] from the vector sums: the repeated channels of the last block and the columns past the kernel dropped.</summary>
        private unsafe void WriteWeights(float* acc, float* dw, int o0, int c, int y, int x0)
        {
            var g = G;
            int outputs = Math.Min(4, O - o0), width = Math.Min(4, g.KernelW - x0);
            for (var i = 0; i < outputs; i++)
            {
                var row = dw + (((o0 + i) * g.Channels + c) * g.KernelH + y) * g.KernelW + x0;
                for (var k = 0; k < width; k++)
                {
                    var sum = Vector512.Sum(Vector512.Load(acc + (4 * i + k) * 16));
                    row[k] = BetaW == 0f ? sum : BetaW * row[k] + sum;
                }
            }
        }

        /// <summary>db[o0 + i] from the dy sums a <see cref="ThreeAndBias"/> block kept in its fourth column; the repeated channels of the last block dropped.</summary>
        private unsafe void WriteBias(float* acc, float* db, int o0)
        {
            for (var i = 0; i < Math.Min(4, O - o0); i++)
            {
                var sum = Vector512.Sum(Vector512.Load(acc + (4 * i + 3) * 16));
                db[o0 + i] = BetaB == 0f ? sum : BetaB * db[o0 + i] + sum;
            }
        }

        /// <summary>db[o0..o0+3] from dy's planes: whole vectors, then one masked tail per plane.</summary>
        private unsafe void BiasBlock(float* dy, float* db, int o0)
        {
            var g = G;
            int outPlane = g.OutHeight * g.OutWidth, whole = outPlane / 16 * 16;
            var tail = outPlane > whole ? TailMask(outPlane - whole) : Vector512<float>.Zero;
            for (var oc = o0; oc < Math.Min(O, o0 + 4); oc++)
            {
                var acc = Vector512<float>.Zero;
                for (var n = 0; n < g.Batch; n++)
                {
                    var plane = dy + ((nint)n * O + oc) * outPlane;
                    for (var p = 0; p < whole; p += 16) acc += Vector512.Load(plane + p);
                    acc += Avx512F.MaskLoad(plane + whole, tail, default);
                }
                var sum = Vector512.Sum(acc);
                db[oc] = BetaB == 0f ? sum : BetaB * db[oc] + sum;
            }
        }
    }

    /// <summary>Kernel columns a weight-gradient block computes, and whether its free fourth column sums dy for the bias (static constants per instantiation).</summary>
    private interface IColumns
    {
        static abstract int Count { get; }
        static abstract bool SumsDy { get; }
    }

    private readonly struct Three : IColumns
    {
        public static int Count => 3;
        public static bool SumsDy => false;
    }

    private readonly struct ThreeAndBias : IColumns
    {
        public static int Count => 3;
        public static bool SumsDy => true;
    }

    private readonly struct Four : IColumns
    {
        public static int Count => 4;
        public static bool SumsDy => false;
    }
}
