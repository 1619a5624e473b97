namespace Myelin.Backends;

/// <summary>
/// The scratch of one convolution, reused step after step so a training step allocates nothing: the
/// form of x kept from the forward pass for the weight gradient (the im2col matrix, or a backend's own
/// <see cref="Saved"/> buffer), the channel-major product, and the views that the primitive sequence
/// behind <see cref="IBackend.Conv2DForward"/>, <see cref="IBackend.Conv2DBackwardInput(Tensor, Tensor, Tensor, Conv2DWorkspace, in Conv2DGeometry)"/> and
/// <see cref="IBackend.Conv2DBackwardWeights"/> needs.
/// </summary>
public sealed class Conv2DWorkspace
{
    private static readonly Shape s_emptyShape = new(0);
    private static readonly int[] s_swapOuter = [1, 0, 2];
    private Tensor? _cols, _wide, _dcols, _w2, _from, _to, _bias, _dw2, _db2, _saved;
    private Tensor? _reorderedDy;

    /// <summary>
    /// A backend's own buffer of <paramref name="length"/> values for what its forward pass keeps of x
    /// (the CPU keeps x padded, a fraction of the im2col matrix's size).
    /// </summary>
    public Tensor Saved(IBackend backend, int length) => Tensor.Reuse(ref _saved, backend, new Shape(length));

    /// <summary>A backend's own state for this convolution, kept between steps (the CPU's weight-gradient entry table).</summary>
    internal object? BackendState { get; set; }

    /// <summary>cols:(C·KH·KW, N·OH·OW), sized for <paramref name="g"/> on <paramref name="backend"/>.</summary>
    public Tensor Cols(IBackend backend, in Conv2DGeometry g) => Tensor.Reuse(ref _cols, backend, new Shape(g.PatchSize, g.PatchCount));

    /// <summary>(O, N·OH·OW): the product before it is reordered (forward) or dy reordered channel-major (backward).</summary>
    public Tensor ChannelMajor(IBackend backend, int outChannels, in Conv2DGeometry g) =>
        Tensor.Reuse(ref _wide, backend, new Shape(outChannels, g.PatchCount));

    /// <summary>
    /// Forgets that dy was reordered: called at every forward pass, whichever backend runs it, so a later
    /// step never reuses an earlier step's reordered dy (the tape hands the same dy tensor back each step).
    /// </summary>
    internal void NewStep() => _reorderedDy = null;

    /// <summary>w:(O,C,KH,KW) viewed as (O, C·KH·KW), sharing memory.</summary>
    public Tensor FlatWeights(Tensor w)
    {
        _w2 ??= Tensor.Zeros(s_emptyShape, w.Backend);
        _w2.Alias(w, new Shape(w.Shape[0], w.Length / w.Shape[0]));
        return _w2;
    }

    /// <summary>dyT:(O, N·OH·OW) = dy:(N,O,OH,OW) with the two outer axes swapped.</summary>
    public Tensor ToChannelMajor(Tensor dy, int outChannels, in Conv2DGeometry g)
    {
        var be = dy.Backend;
        var dyT = ChannelMajor(be, outChannels, g);
        Swap(be, dy, g.Batch, outChannels, dyT, g.OutHeight * g.OutWidth);
        _reorderedDy = dy;
        return dyT;
    }

    /// <summary>Today's sequence of primitives: im2col, one matmul, the reorder to (N,O,P), the bias.</summary>
    internal void ForwardByPrimitives(IBackend be, Tensor x, Tensor w, Tensor? bias, Tensor y, in Conv2DGeometry g)
    {
        _reorderedDy = null;
        var o = w.Shape[0];
        var cols = Cols(be, g);
        be.Im2Col(x, cols, g);
        var yT = ChannelMajor(be, o, g);
        be.MatMul(FlatWeights(w), cols, yT, false, false, 1f, 0f);
        Swap(be, yT, o, g.Batch, y, g.OutHeight * g.OutWidth);
        if (bias is null) return;
        _bias ??= Tensor.Zeros(s_emptyShape, be);
        _bias.Alias(bias, new Shape(o, 1, 1)); // broadcasts over (N,O,OH,OW)
        be.Binary(BinaryKind.Add, y, _bias, y);
    }

    /// <summary>
    /// dyT (reused when this step's weight gradient, through the same sequence, already reordered this dy),
    /// dcols = w2ᵀ·dyT, col2im.
    /// </summary>
    internal void BackwardInputByPrimitives(IBackend be, Tensor dy, Tensor w, Tensor dx, in Conv2DGeometry g)
    {
        var o = w.Shape[0];
        var dyT = ReferenceEquals(_reorderedDy, dy) ? ChannelMajor(be, o, g) : ToChannelMajor(dy, o, g);
        _reorderedDy = null; // used once: the next step's dy is the same tensor with new values
        var dcols = Tensor.Reuse(ref _dcols, be, new Shape(g.PatchSize, g.PatchCount));
        be.MatMul(FlatWeights(w), dyT, dcols, true, false, 1f, 0f);
        be.Col2Im(dcols, dx, g);
    }

    /// <summary>dyT = dy reordered channel-major; dw2 = betaW·dw2 + dyT·colsᵀ; db = betaB·db + Σ_columns dyT.</summary>
    internal void BackwardWeightsByPrimitives(IBackend be, Tensor dy, Tensor? dw, float betaW, Tensor? db, float betaB, in Conv2DGeometry g)
    {
        if (dw is null && db is null) return;
        var o = dy.Shape[1];
        var dyT = ToChannelMajor(dy, o, g);
        if (dw is not null)
        {
            var dw2 = Tensor.Reuse(ref _dw2, be, s_emptyShape);
            dw2.Alias(dw, new Shape(o, dw.Length / o));
            be.MatMul(dyT, Cols(be, g), dw2, false, true, 1f, betaW);
        }
        if (db is not null)
        {
            var db2 = Tensor.Reuse(ref _db2, be, s_emptyShape);
            db2.Alias(db, new Shape(o, 1));
            be.SumTo(dyT, db2, 1f, betaB);
        }
    }

    /// <summary>to:(b, a, inner) = from:(a, b, inner) with a and b swapped.</summary>
    private void Swap(IBackend be, Tensor from, int a, int b, Tensor to, int inner)
    {
        var src = Tensor.Reuse(ref _from, be, s_emptyShape);
        src.Alias(from, new Shape(a, b, inner));
        var dst = Tensor.Reuse(ref _to, be, s_emptyShape);
        dst.Alias(to, new Shape(b, a, inner));
        be.Permute(src, dst, s_swapOuter);
    }
}
