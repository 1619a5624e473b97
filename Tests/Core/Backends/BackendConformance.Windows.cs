using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

public abstract partial class BackendConformance
{
    /// <summary>Convolution windows: stride 1/2, padding 0/1, odd sizes; one MNIST-sized case when large.</summary>
    protected IEnumerable<Conv2DGeometry> ConvGeometries()
    {
        foreach (var stride in new[] { 1, 2 })
            foreach (var pad in new[] { 0, 1 })
                yield return new Conv2DGeometry(2, 3, 7, 6, 3, 3, stride, stride, pad, pad);
        yield return new Conv2DGeometry(1, 1, 5, 5, 2, 3, 1, 2, 1, 0);
        yield return new Conv2DGeometry(1, 2, 1, 1, 1, 1, 1, 1, 0, 0);
        yield return new Conv2DGeometry(3, 2, 5, 37, 3, 3, 1, 1, 2, 2); // rows of 39 outputs: two whole vectors and a ragged one, padding 2
        if (!SmallShapesOnly) yield return new Conv2DGeometry(4, 8, 28, 28, 3, 3, 1, 1, 1, 1);
    }

    /// <summary>Pooling windows: the usual 2x2/2, overlapping 3x3/1 and 3x3/2 with padding, ragged edges.</summary>
    protected IEnumerable<Conv2DGeometry> PoolGeometries()
    {
        yield return new Conv2DGeometry(2, 3, 8, 7, 2, 2, 2, 2, 0, 0);
        yield return new Conv2DGeometry(1, 2, 9, 41, 2, 2, 2, 2, 0, 0); // rows of 20 windows: a whole vector of 16 and a ragged rest
        yield return new Conv2DGeometry(2, 3, 8, 7, 3, 3, 1, 1, 1, 1);
        yield return new Conv2DGeometry(1, 2, 9, 9, 3, 3, 2, 2, 1, 1);
        yield return new Conv2DGeometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0);
        yield return new Conv2DGeometry(2, 3, 6, 36, 2, 2, 2, 2, 0, 0); // even sizes: the windows cover the input
        if (!SmallShapesOnly) yield return new Conv2DGeometry(8, 16, 28, 28, 2, 2, 2, 2, 0, 0);
    }

    private static Shape Input(in Conv2DGeometry g) => new(g.Batch, g.Channels, g.Height, g.Width);

    private static Shape Output(in Conv2DGeometry g) => new(g.Batch, g.Channels, g.OutHeight, g.OutWidth);

    [Test]
    public void Im2Col()
    {
        foreach (var g in ConvGeometries())
        {
            var x = Rand(new Rng(60), Input(g));
            var colsShape = new Shape(g.PatchSize, g.PatchCount);
            var want = Tensor.Zeros(colsShape, Ref);
            var got = Tensor.Full(colsShape, float.NaN, Backend);
            Ref.Im2Col(x, want, g);
            Backend.Im2Col(On(x), got, g);
            AssertEqual(want, got, $"Im2Col {g}");
        }
    }

    [Test]
    public void Col2Im()
    {
        foreach (var g in ConvGeometries())
        {
            var rng = new Rng(61);
            var cols = Rand(rng, new Shape(g.PatchSize, g.PatchCount));
            var want = Rand(rng, Input(g)); // accumulates
            var got = On(want);
            Ref.Col2Im(cols, want, g);
            Backend.Col2Im(On(cols), got, g);
            AssertClose(want, got, Tolerance, $"Col2Im {g}");
        }
    }

    /// <summary>
    /// The fused convolution's cases: the window sweep plus batch 5 with one channel and padding 2, a
    /// non-square input and kernel, and stride 2 down the rows only.
    /// </summary>
    private IEnumerable<Conv2DGeometry> FusedConvGeometries()
    {
        foreach (var g in ConvGeometries()) yield return g;
        yield return new Conv2DGeometry(5, 1, 9, 7, 3, 3, 1, 1, 2, 2);
        yield return new Conv2DGeometry(5, 3, 6, 11, 2, 3, 1, 1, 0, 0);
        yield return new Conv2DGeometry(2, 3, 7, 6, 3, 3, 2, 1, 1, 1);
        // the CPU's direct convolution: 5x5 with padding 2 and 12 input channels (two output blocks in the
        // input gradient), a 1x1 kernel over 32 columns (two whole strips), a 2x4 kernel over 20 columns
        yield return new Conv2DGeometry(2, 12, 9, 16, 5, 5, 1, 1, 2, 2);
        yield return new Conv2DGeometry(1, 3, 6, 32, 1, 1, 1, 1, 0, 0);
        yield return new Conv2DGeometry(2, 3, 7, 20, 2, 4, 1, 1, 1, 1);
    }

    [Test]
    public void Conv2DForward([Values] bool withBias, [Values(5, 13)] int outChannels)
    {
        foreach (var g in FusedConvGeometries())
        {
            var rng = new Rng(64);
            var x = Rand(rng, Input(g));
            var w = Rand(rng, new Shape(outChannels, g.Channels, g.KernelH, g.KernelW));
            var b = withBias ? Rand(rng, new Shape(outChannels)) : null;
            var yShape = new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth);
            var want = Tensor.Zeros(yShape, Ref);
            var wantSpace = new Conv2DWorkspace();
            Ref.Conv2DForward(x, w, b, want, wantSpace, g);
            var got = Tensor.Full(yShape, float.NaN, Backend);
            var space = new Conv2DWorkspace();
            Backend.Conv2DForward(On(x), On(w), b is null ? null : On(b), got, space, g);
            AssertClose(want, got, MatMulTolerance(g.PatchSize), $"Conv2DForward {g} bias={withBias}");
        }
    }

    /// <summary>
    /// The convolution with 2×2 pooling (and ReLU) in one primitive: the reference's values, the bits of
    /// this backend's own convolution followed by its pooling, and a backward pass that routes dy with the
    /// pool workspace (whose source is null where the backend pooled in the convolution and recorded the
    /// winners), overwriting and adding. Pooled widths 1 to 20 (a whole vector of windows and a ragged
    /// rest), one output channel, blocks of 8 with ragged rests.
    /// </summary>
    [Test]
    public void Conv2DForwardPooled([Values] bool relu, [Values] bool withBias, [Values(1, 13, 16)] int outChannels)
    {
        var geometries = FusedConvGeometries().Append(new Conv2DGeometry(2, 1, 28, 28, 3, 3, 1, 1, 1, 1))
            .Append(new Conv2DGeometry(2, 8, 14, 14, 3, 3, 1, 1, 1, 1)).Append(new Conv2DGeometry(1, 2, 4, 40, 3, 3, 1, 1, 1, 1))
            .Where(g => g.OutHeight % 2 == 0 && g.OutWidth % 2 == 0);
        foreach (var g in geometries)
        {
            var what = $"Conv2DForwardPooled {g} relu={relu} bias={withBias} outputs={outChannels}";
            var rng = new Rng(65);
            var x = Rand(rng, Input(g));
            var w = Rand(rng, new Shape(outChannels, g.Channels, g.KernelH, g.KernelW));
            var b = withBias ? Rand(rng, new Shape(outChannels), -0.5f, 0.5f) : null;
            var fullShape = new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth);
            var pg = new Conv2DGeometry(g.Batch, outChannels, g.OutHeight, g.OutWidth, 2, 2, 2, 2, 0, 0);
            var pooledShape = new Shape(g.Batch, outChannels, g.OutHeight / 2, g.OutWidth / 2);

            var pooled = Tensor.Full(pooledShape, float.NaN, Backend);
            var pool = new PoolWorkspace();
            Backend.Conv2DForwardPooled(On(x), On(w), b is null ? null : On(b), pooled, new Conv2DWorkspace(), pool, g, relu);

            var refFull = Tensor.Zeros(fullShape, Ref);
            Ref.Conv2DForward(x, w, b, refFull, new Conv2DWorkspace(), g);
            var refPooled = Tensor.Zeros(pooledShape, Ref);
            Ref.MaxPool2D(refFull, refPooled, pg);
            if (relu) Ref.Unary(UnaryKind.Relu, refPooled, refPooled, 0f);
            AssertClose(refPooled, pooled, MatMulTolerance(g.PatchSize), what);

            var ownFull = Tensor.Zeros(fullShape, Backend);
            Backend.Conv2DForward(On(x), On(w), b is null ? null : On(b), ownFull, new Conv2DWorkspace(), g);
            var ownPooled = Tensor.Zeros(pooledShape, Backend);
            Backend.MaxPool2D(ownFull, ownPooled, pg, new PoolWorkspace(), relu);
            AssertEqual(ownPooled, pooled, $"{what}: against this backend's convolution, then pooling");

            // dy routed to the first maximum of each window of this backend's own output, where positive
            var dy = Rand(rng, pooledShape);
            var routed = Tensor.Zeros(pooledShape, Ref);
            if (relu) Ref.UnaryBackward(UnaryKind.Relu, ownPooled.To(Ref), ownPooled.To(Ref), dy, routed, 0f);
            else Ref.Axpby(1f, dy, 0f, routed);
            var want = Tensor.Zeros(fullShape, Ref);
            Ref.MaxPool2DBackward(ownFull.To(Ref), routed, want, pg);
            var got = Tensor.Full(fullShape, float.NaN, Backend);
            Backend.MaxPool2DBackward(pool.Source, pooled, On(dy), got, pg, pool, relu, overwrite: true);
            AssertClose(want, got, Tolerance, $"{what}: backward");
            var start = Rand(rng, fullShape);
            var added = Tensor.FromArray(start.ToArray(), fullShape, Ref);
            Ref.MaxPool2DBackward(ownFull.To(Ref), routed, added, pg);
            got = On(start);
            Backend.MaxPool2DBackward(pool.Source, pooled, On(dy), got, pg, pool, relu, overwrite: false);
            AssertClose(added, got, Tolerance, $"{what}: backward, adding");

            // neither a source nor a record: an error, not a silent gradient
            var e = Assert.Throws<InvalidOperationException>(() =>
                Backend.MaxPool2DBackward(null, pooled, On(dy), got, pg, new PoolWorkspace(), relu, overwrite: true));
            Assert.That(e!.Message, Does.Contain("no input and no recorded winners"));
        }
    }

    /// <summary>
    /// The weight and bias gradients from what each backend's forward pass kept of x: overwriting
    /// (beta 0, over NaN) and accumulating (beta 1), and with either gradient left out.
    /// </summary>
    [Test]
    public void Conv2DBackwardWeights([Values(0f, 1f)] float beta, [Values("both", "weights", "bias")] string which, [Values(5, 13)] int outChannels)
    {
        foreach (var g in FusedConvGeometries())
        {
            var rng = new Rng(66);
            var x = Rand(rng, Input(g));
            var w = Rand(rng, new Shape(outChannels, g.Channels, g.KernelH, g.KernelW));
            var dy = Rand(rng, new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth));
            var yShape = new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth);
            var wantSpace = new Conv2DWorkspace();
            Ref.Conv2DForward(x, w, null, Tensor.Zeros(yShape, Ref), wantSpace, g);
            var space = new Conv2DWorkspace();
            Backend.Conv2DForward(On(x), On(w), null, Tensor.Zeros(yShape, Backend), space, g);
            Tensor? Start(Shape shape, bool used) => !used ? null : beta == 0f ? Tensor.Full(shape, float.NaN, Ref) : Rand(rng, shape);
            var dwWant = Start(w.Shape, which != "bias");
            var dbWant = Start(new Shape(outChannels), which != "weights");
            var dwGot = dwWant is null ? null : On(dwWant);
            var dbGot = dbWant is null ? null : On(dbWant);
            Ref.Conv2DBackwardWeights(dy, dwWant, beta, dbWant, beta, wantSpace, g);
            Backend.Conv2DBackwardWeights(On(dy), dwGot, beta, dbGot, beta, space, g);
            var terms = g.Batch * g.OutHeight * g.OutWidth;
            if (dwWant is not null) AssertClose(dwWant, dwGot!, MatMulTolerance(terms), $"Conv2DBackwardWeights dw {g} beta={beta}");
            if (dbWant is not null) AssertClose(dbWant, dbGot!, MatMulTolerance(terms), $"Conv2DBackwardWeights db {g} beta={beta}");
        }
    }

    /// <summary>Accumulating into dx, or overwriting a dx that holds NaN.</summary>
    [Test]
    public void Conv2DBackwardInput([Values] bool overwrite, [Values(5, 13)] int outChannels)
    {
        foreach (var g in FusedConvGeometries())
        {
            var rng = new Rng(65);
            var dy = Rand(rng, new Shape(g.Batch, outChannels, g.OutHeight, g.OutWidth));
            var w = Rand(rng, new Shape(outChannels, g.Channels, g.KernelH, g.KernelW));
            var want = overwrite ? Tensor.Zeros(Input(g), Ref) : Rand(rng, Input(g));
            var got = overwrite ? Tensor.Full(Input(g), float.NaN, Backend) : On(want);
            Ref.Conv2DBackwardInput(dy, w, want, new Conv2DWorkspace(), g);
            Backend.Conv2DBackwardInput(On(dy), On(w), got, new Conv2DWorkspace(), g, overwrite);
            AssertClose(want, got, MatMulTolerance(outChannels * g.KernelH * g.KernelW), $"Conv2DBackwardInput {g} overwrite={overwrite}");
        }
    }

    [Test]
    public void MaxPool2D([Values] bool ties)
    {
        foreach (var g in PoolGeometries())
        {
            var rng = new Rng(62);
            var x = ties ? Ties(rng, Input(g)) : Rand(rng, Input(g));
            var want = Tensor.Zeros(Output(g), Ref);
            var got = Tensor.Full(Output(g), float.NaN, Backend);
            Ref.MaxPool2D(x, want, g);
            Backend.MaxPool2D(On(x), got, g);
            AssertEqual(want, got, $"MaxPool2D {g} ties={ties}");

            var dy = Rand(rng, Output(g));
            var dxWant = Rand(rng, Input(g));
            var dxGot = On(dxWant);
            Ref.MaxPool2DBackward(x, dy, dxWant, g);
            Backend.MaxPool2DBackward(On(x), On(dy), dxGot, g);
            AssertClose(dxWant, dxGot, Tolerance, $"MaxPool2DBackward {g} ties={ties}");

            // overwriting a dx that holds NaN: dy at the winners, zeros elsewhere (also where no window reaches)
            var fresh = Tensor.Zeros(Input(g), Ref);
            Ref.MaxPool2DBackward(x, dy, fresh, g);
            var overwritten = Tensor.Full(Input(g), float.NaN, Backend);
            Backend.MaxPool2DBackward(On(x), On(dy), overwritten, g, overwrite: true);
            AssertClose(fresh, overwritten, Tolerance, $"MaxPool2DBackward {g} ties={ties} overwrite");
        }
    }

    [Test]
    public void MaxPool2DWithWorkspace([Values] bool relu, [Values] bool ties)
    {
        foreach (var g in PoolGeometries())
        {
            var rng = new Rng(64);
            var x = ties ? Ties(rng, Input(g)) : Rand(rng, Input(g));
            if (relu) { var v = x.ToArray(); v[v.Length / 3] = float.NaN; x = Tensor.FromArray(v, x.Shape, Ref); }
            var what = $"MaxPool2D {g} relu={relu} ties={ties}";
            // the reference: pool, then ReLU; backward, dy masked where the output is not positive, then routed
            var want = Tensor.Zeros(Output(g), Ref);
            Ref.MaxPool2D(x, want, g);
            if (relu) Ref.Unary(UnaryKind.Relu, want, want, 0f);
            var dy = Rand(rng, Output(g));
            var routed = Tensor.Zeros(Output(g), Ref);
            if (relu) Ref.UnaryBackward(UnaryKind.Relu, want, want, dy, routed, 0f);
            else Ref.Axpby(1f, dy, 0f, routed);
            var dxStart = Rand(rng, Input(g));
            var dxWant = Tensor.FromArray(dxStart.ToArray(), dxStart.Shape, Ref);
            Ref.MaxPool2DBackward(x, routed, dxWant, g);
            var fresh = Tensor.Zeros(Input(g), Ref);
            Ref.MaxPool2DBackward(x, routed, fresh, g);

            var workspace = new PoolWorkspace();
            var xd = On(x);
            var got = Tensor.Full(Output(g), float.NaN, Backend);
            Backend.MaxPool2D(xd, got, g, workspace, relu);
            AssertEqual(want, got, what);
            var dxGot = On(dxStart);
            Backend.MaxPool2DBackward(xd, got, On(dy), dxGot, g, workspace, relu, overwrite: false);
            AssertClose(dxWant, dxGot, Tolerance, $"{what} backward");
            var overwritten = Tensor.Full(Input(g), float.NaN, Backend);
            Backend.MaxPool2DBackward(xd, got, On(dy), overwritten, g, workspace, relu, overwrite: true);
            AssertClose(fresh, overwritten, Tolerance, $"{what} backward overwrite");
            // a workspace without this forward pass's record (none, or another geometry's): winners from x
            var other = new PoolWorkspace();
            var smaller = g with { Batch = 1 };
            if (g.Batch > 1) Backend.MaxPool2D(On(Rand(rng, Input(smaller))), Tensor.Zeros(Output(smaller), Backend), smaller, other, relu);
            overwritten = Tensor.Full(Input(g), float.NaN, Backend);
            Backend.MaxPool2DBackward(xd, got, On(dy), overwritten, g, other, relu, overwrite: true);
            AssertClose(fresh, overwritten, Tolerance, $"{what} backward, no record");
            if (!relu) continue;
            // a record made with ReLU (clipped windows route nothing) is not used without it
            var unmasked = Tensor.Zeros(Input(g), Ref);
            Ref.MaxPool2DBackward(x, dy, unmasked, g);
            overwritten = Tensor.Full(Input(g), float.NaN, Backend);
            Backend.MaxPool2DBackward(xd, got, On(dy), overwritten, g, workspace, relu: false, overwrite: true);
            AssertClose(unmasked, overwritten, Tolerance, $"{what} backward without ReLU, from a record made with it");
        }
    }

    [Test]
    public void AvgPool2D()
    {
        foreach (var g in PoolGeometries())
        {
            var rng = new Rng(63);
            var x = Rand(rng, Input(g));
            var want = Tensor.Zeros(Output(g), Ref);
            var got = Tensor.Full(Output(g), float.NaN, Backend);
            Ref.AvgPool2D(x, want, g);
            Backend.AvgPool2D(On(x), got, g);
            AssertClose(want, got, Tolerance, $"AvgPool2D {g}");

            var dy = Rand(rng, Output(g));
            var dxWant = Rand(rng, Input(g));
            var dxGot = On(dxWant);
            Ref.AvgPool2DBackward(dy, dxWant, g);
            Backend.AvgPool2DBackward(On(dy), dxGot, g);
            AssertClose(dxWant, dxGot, Tolerance, $"AvgPool2DBackward {g}");
        }
    }
}
