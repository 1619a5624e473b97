using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>Per-instance thread caps: a background trainer's backend can leave cores to the frame without touching process-wide settings.</summary>
public sealed class CpuThreadsTests
{
    [Test]
    public void AnInstanceCapsItsOwnThreadsOnly()
    {
        Assert.That(new CpuBackend(threads: 1).Threads, Is.EqualTo(1));
        Assert.That(CpuBackend.Instance.Threads, Is.EqualTo(Math.Min(CpuBackend.MaxThreads, Environment.ProcessorCount)));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CpuBackend(threads: 0));
        Assert.That(e!.ParamName, Is.EqualTo("threads"));
    }

    [Test]
    public void OneThreadAndAllThreadsGiveTheSameBits()
    {
        // Large enough to split across threads on the shared instance: parts own whole tiles and rows, so K order never changes.
        var rng = new Rng(9);
        var single = new CpuBackend(threads: 1);
        var a = Tensor.RandomUniform(new Shape(300, 200), rng, -1, 1);
        var b = Tensor.RandomUniform(new Shape(200, 260), rng, -1, 1);
        var bias = Tensor.RandomUniform(new Shape(260), rng, -1, 1);
        float[] Run(CpuBackend backend)
        {
            var c = Tensor.Zeros(new Shape(300, 260), backend);
            backend.MatMul(a.To(backend), b.To(backend), c, false, false, 1f, 0f);
            var y = Tensor.Zeros(new Shape(300, 260), backend);
            backend.Dense(a.To(backend), b.To(backend), bias.To(backend), y, UnaryKind.Tanh, 0f);
            return [.. c.ToArray(), .. y.ToArray()];
        }
        Assert.That(Run(single), Is.EqualTo(Run(CpuBackend.Instance)));
    }

    [Test]
    public void ThreadedGemmWithRaggedBandsGivesTheOneThreadBits(
        [Values(67, 1031)] int m, [Values] bool transA, [Values] bool transB)
    {
        // m, n, k are no multiples of the register tile (8x32), the 8x8 packing transposes or the K block
        // (k = 517: two K blocks, the second 5 deep), and the bands split rows (m = 1031) or columns (m = 67).
        var n = m == 67 ? 1031 : 67;
        const int k = 517;
        var rng = new Rng(23);
        var cpu = CpuBackend.Instance;
        var a = Tensor.RandomUniform(transA ? new Shape(k, m) : new Shape(m, k), rng, -1, 1, cpu);
        var b = Tensor.RandomUniform(transB ? new Shape(n, k) : new Shape(k, n), rng, -1, 1, cpu);
        var c0 = Tensor.RandomUniform(new Shape(m, n), rng, -1, 1, cpu);
        AssertThreadedMatMulGivesTheOneThreadBits(a, b, c0, transA, transB, 0.75f, 0.5f);
    }

    [Test]
    public void ThreadedDotProductMatMulGivesTheOneThreadBits([Values(8, 9)] int m, [Values(9, 70)] int n)
    {
        // a·bᵀ with a small output over a long K (a convolution's weight gradient): the CPU's dot products,
        // split by tiles across threads; 9 and 70 leave ragged edges, K a ragged last vector and chunk.
        const int k = 40_009;
        var rng = new Rng(29);
        var cpu = CpuBackend.Instance;
        var a = Tensor.RandomUniform(new Shape(m, k), rng, -1, 1, cpu);
        var b = Tensor.RandomUniform(new Shape(n, k), rng, -1, 1, cpu);
        var c0 = Tensor.RandomUniform(new Shape(m, n), rng, -1, 1, cpu);
        AssertThreadedMatMulGivesTheOneThreadBits(a, b, c0, false, true, 1f, 1f);
    }

    [Test]
    public void ThreadedSkinnyMatMulGivesTheOneThreadBits([Values] bool transA)
    {
        // 10 columns (a classifier head's weight gradient xᵀ·dz): the CPU's skinny rows, split in row blocks
        // of 16 across threads; 2003 rows leave a ragged last block.
        const int m = 2003, k = 131, n = 10;
        var rng = new Rng(31);
        var cpu = CpuBackend.Instance;
        var a = Tensor.RandomUniform(transA ? new Shape(k, m) : new Shape(m, k), rng, -1, 1, cpu);
        var b = Tensor.RandomUniform(new Shape(k, n), rng, -1, 1, cpu);
        var c0 = Tensor.RandomUniform(new Shape(m, n), rng, -1, 1, cpu);
        AssertThreadedMatMulGivesTheOneThreadBits(a, b, c0, transA, false, 0.75f, 0.5f);
    }

    /// <summary>c = alpha·op(a)·op(b) + beta·c0 on the shared instance, then again with <see cref="CpuBackend.MaxThreads"/> = 1.</summary>
    private static void AssertThreadedMatMulGivesTheOneThreadBits(Tensor a, Tensor b, Tensor c0, bool transA, bool transB, float alpha, float beta)
    {
        float[] Run()
        {
            var c = c0.Clone();
            CpuBackend.Instance.MatMul(a, b, c, transA, transB, alpha, beta);
            return c.ToArray();
        }
        var threaded = Run();
        var saved = CpuBackend.MaxThreads;
        try
        {
            CpuBackend.MaxThreads = 1;
            Assert.That(threaded, Is.EqualTo(Run()));
        }
        finally { CpuBackend.MaxThreads = saved; }
    }

    [Test]
    public void ThreadedAdamGivesTheOneThreadBits([Values] bool decoupled)
    {
        // Large enough to be split into tiles across threads, with a ragged end (tail past the last vector).
        const int n = 100_003;
        var rng = new Rng(17);
        var p0 = Tensor.RandomUniform(new Shape(n), rng, -1, 1);
        float[] Run(CpuBackend backend)
        {
            var p = p0.To(backend).Clone();
            var m = Tensor.Zeros(new Shape(n), backend);
            var v = Tensor.Zeros(new Shape(n), backend);
            var g = Tensor.Zeros(new Shape(n), backend);
            var grads = new Rng(5);
            for (var step = 1; step <= 3; step++)
            {
                for (var i = 0; i < n; i++) g.Span[i] = grads.Uniform(-2, 2);
                backend.AdamUpdate(p, g, m, v, new OptimizerHyper
                {
                    LearningRate = 0.01f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, WeightDecay = 0.01f,
                    DecoupledWeightDecay = decoupled, Step = step,
                });
            }
            return [.. p.ToArray(), .. m.ToArray(), .. v.ToArray()];
        }
        Assert.That(Run(CpuBackend.Instance), Is.EqualTo(Run(new CpuBackend(threads: 1))));
    }

    [Test]
    public void ThreadedWindowsGiveTheOneThreadAndReferenceBits()
    {
        // Large enough that im2col/col2im split by images; 23 images make uneven parts, 29 columns a ragged
        // last vector (and an odd width the 2×2 pooling drops).
        var g = new Conv2DGeometry(23, 8, 28, 29, 3, 3, 1, 1, 1, 1);
        var pool = g with { KernelH = 2, KernelW = 2, StrideH = 2, StrideW = 2, PadH = 0, PadW = 0 };
        var rng = new Rng(31);
        var x = Tensor.RandomUniform(new Shape(g.Batch, g.Channels, g.Height, g.Width), rng, -1, 1);
        var cols = Tensor.RandomUniform(new Shape(g.PatchSize, g.PatchCount), rng, -1, 1);
        var dy = Tensor.RandomUniform(new Shape(g.Batch, g.Channels, pool.OutHeight, pool.OutWidth), rng, -1, 1);
        float[] Run(IBackend backend)
        {
            var unfolded = Tensor.Zeros(cols.Shape, backend);
            backend.Im2Col(x.To(backend), unfolded, g);
            var folded = Tensor.Zeros(x.Shape, backend);
            backend.Col2Im(cols.To(backend), folded, g);
            var pooled = Tensor.Zeros(dy.Shape, backend);
            backend.MaxPool2D(x.To(backend), pooled, pool);
            var dx = Tensor.Zeros(x.Shape, backend);
            backend.MaxPool2DBackward(x.To(backend), dy.To(backend), dx, pool);
            // overwriting a NaN-filled gradient: the odd width's dropped column must come out 0
            var overwritten = Tensor.Full(x.Shape, float.NaN, backend);
            backend.MaxPool2DBackward(x.To(backend), dy.To(backend), overwritten, pool, overwrite: true);
            return [.. unfolded.ToArray(), .. folded.ToArray(), .. pooled.ToArray(), .. dx.ToArray(), .. overwritten.ToArray()];
        }
        var threaded = Run(CpuBackend.Instance);
        Assert.That(threaded, Is.EqualTo(Run(new CpuBackend(threads: 1))));
        Assert.That(threaded, Is.EqualTo(Run(ReferenceBackend.Instance)));
    }

    /// <summary>
    /// The direct convolution's forward, input and weight gradients, and its pooled forward (with the
    /// backward routing by the recorded winners): 23 images make uneven parts, 15 columns ragged rows,
    /// 13 outputs a ragged block of 8; the pooled pass runs on 14 columns (7 windows a row).
    /// </summary>
    [Test]
    public void ThreadedConvolutionGivesTheOneThreadBits([Values] bool withBias, [Values] bool relu)
    {
        var g = new Conv2DGeometry(23, 8, 14, 15, 3, 3, 1, 1, 1, 1);
        var even = g with { Width = 14 };
        var pool = new Conv2DGeometry(g.Batch, 13, even.OutHeight, even.OutWidth, 2, 2, 2, 2, 0, 0);
        var rng = new Rng(37);
        var x = Tensor.RandomUniform(new Shape(g.Batch, g.Channels, g.Height, g.Width), rng, -1, 1);
        var xEven = Tensor.RandomUniform(new Shape(g.Batch, g.Channels, even.Height, even.Width), rng, -1, 1);
        var w = Tensor.RandomUniform(new Shape(13, g.Channels, 3, 3), rng, -1, 1);
        var b = Tensor.RandomUniform(new Shape(13), rng, -1, 1);
        var dy = Tensor.RandomUniform(new Shape(g.Batch, 13, g.OutHeight, g.OutWidth), rng, -1, 1);
        var dPooled = Tensor.RandomUniform(new Shape(g.Batch, 13, pool.OutHeight, pool.OutWidth), rng, -1, 1);
        float[] Run(CpuBackend backend)
        {
            var bias = withBias ? b.To(backend) : null;
            var space = new Conv2DWorkspace();
            var y = Tensor.Zeros(dy.Shape, backend);
            backend.Conv2DForward(x.To(backend), w.To(backend), bias, y, space, g);
            var dx = Tensor.Zeros(x.Shape, backend);
            backend.Conv2DBackwardInput(dy.To(backend), w.To(backend), dx, space, g);
            var dw = Tensor.Zeros(w.Shape, backend);
            var db = Tensor.Zeros(b.Shape, backend);
            backend.Conv2DBackwardWeights(dy.To(backend), dw, 0f, db, 0f, space, g);
            var windows = new PoolWorkspace();
            var pooled = Tensor.Zeros(dPooled.Shape, backend);
            backend.Conv2DForwardPooled(xEven.To(backend), w.To(backend), bias, pooled, new Conv2DWorkspace(), windows, even, relu);
            var dFull = Tensor.Full(new Shape(g.Batch, 13, even.OutHeight, even.OutWidth), float.NaN, backend);
            backend.MaxPool2DBackward(windows.Source, pooled, dPooled.To(backend), dFull, pool, windows, relu, overwrite: true);
            return [.. y.ToArray(), .. dx.ToArray(), .. dw.ToArray(), .. db.ToArray(), .. pooled.ToArray(), .. dFull.ToArray()];
        }
        Assert.That(Run(CpuBackend.Instance), Is.EqualTo(Run(new CpuBackend(threads: 1))));
    }

    [Test]
    public void AdamNamesBuffersThatAreTooShort()
    {
        var backend = CpuBackend.Instance;
        var p = Tensor.Zeros(new Shape(40), backend);
        var e = Assert.Throws<ArgumentException>(() => backend.AdamUpdate(p, Tensor.Zeros(new Shape(40), backend),
            Tensor.Zeros(new Shape(39), backend), Tensor.Zeros(new Shape(40), backend), new OptimizerHyper { Step = 1 }));
        Assert.That(e!.Message, Does.Contain("m (39)").And.Contain("40 values"));
    }
}
