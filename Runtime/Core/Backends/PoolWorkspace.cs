namespace Myelin.Backends;

/// <summary>
/// The scratch of one max-pooling op, reused step after step: a backend's record of each window's
/// winner (the CPU keeps one byte per window, so its backward pass reads that instead of x again), the
/// tensor the primitive sequence behind <see cref="IBackend.MaxPool2D(Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool)"/>
/// pools into before ReLU and masks dy into after, and the full-size convolution output that the
/// sequence behind <see cref="IBackend.Conv2DForwardPooled"/> pools from.
/// </summary>
public sealed class PoolWorkspace
{
    private Tensor? _pooled, _source;
    private byte[] _winners = [];
    private Conv2DGeometry _recorded;
    private bool _hasRecord, _recordedRelu;

    /// <summary>
    /// Bytes per row of windows in a winner record: the row's windows rounded up to 16, so a 16-byte
    /// store never reaches another row (which another thread may be writing).
    /// </summary>
    public static int WinnerRow(int windows) => (windows + 15) & ~15;

    /// <summary>
    /// The buffer for the winners of a forward pass with geometry <paramref name="g"/>: one byte per
    /// window, rows of <see cref="WinnerRow"/> bytes, planes of OutHeight rows, and 64 bytes of slack;
    /// <see cref="Recorded"/> then hands it to the backward pass.
    /// </summary>
    public byte[] RecordWinners(in Conv2DGeometry g, bool relu)
    {
        var length = g.Batch * g.Channels * g.OutHeight * WinnerRow(g.OutWidth) + 64;
        if (_winners.Length < length) _winners = new byte[length];
        _recorded = g; _recordedRelu = relu; _hasRecord = true;
        return _winners;
    }

    /// <summary>
    /// The winners the last forward pass recorded, when it had geometry <paramref name="g"/> and the same
    /// ReLU setting; else null (the pass recorded none, or another one).
    /// </summary>
    public byte[]? Recorded(in Conv2DGeometry g, bool relu) => _hasRecord && _recorded == g && _recordedRelu == relu ? _winners : null;

    /// <summary>
    /// The full-size convolution output the default <see cref="IBackend.Conv2DForwardPooled"/> wrote and
    /// pooled, for the backward pass to find the winners in; null when the last forward pass wrote none
    /// (a backend that pools in the convolution's epilogue records the winners instead).
    /// </summary>
    public Tensor? Source => _hasSource ? _source : null;

    private bool _hasSource;

    /// <summary>Forgets the winners and the source: called at every forward pass before the backend may record new ones.</summary>
    internal void NewStep() => _hasRecord = _hasSource = false;

    /// <summary>y = ReLU(max pool(x)) by primitives: pool into a scratch tensor, then ReLU into y.</summary>
    internal void ForwardByPrimitives(IBackend be, Tensor x, Tensor y, in Conv2DGeometry g, bool relu)
    {
        if (!relu) { be.MaxPool2D(x, y, g); return; }
        var pooled = Tensor.Reuse(ref _pooled, be, y.Shape);
        be.MaxPool2D(x, pooled, g);
        be.Unary(UnaryKind.Relu, pooled, y, 0f);
    }

    /// <summary>The convolution into <see cref="Source"/>, then its 2×2, stride-2 max pooling (and ReLU) into <paramref name="pooled"/>.</summary>
    internal void ForwardConvByPrimitives(IBackend be, Tensor x, Tensor w, Tensor? bias, Tensor pooled,
        Conv2DWorkspace workspace, in Conv2DGeometry g, bool relu)
    {
        var source = Tensor.Reuse(ref _source, be, new Shape(g.Batch, w.Shape[0], g.OutHeight, g.OutWidth));
        be.Conv2DForward(x, w, bias, source, workspace, g);
        be.MaxPool2D(source, pooled, Ops.PoolGeometry(g, w.Shape[0]), this, relu);
        _hasSource = true;
    }

    /// <summary>dy masked by y &gt; 0 (for ReLU) into the scratch tensor, then routed to the windows' first maxima, found in x.</summary>
    internal void BackwardByPrimitives(IBackend be, Tensor? x, Tensor y, Tensor dy, Tensor dx, in Conv2DGeometry g, bool relu, bool overwrite)
    {
        if (x is null) throw MissingSource(g);
        if (relu)
        {
            // y > 0 exactly where the pooled value was: ReLU's derivative read from its output
            var masked = Tensor.Reuse(ref _pooled, be, dy.Shape);
            be.UnaryBackward(UnaryKind.Relu, y, y, dy, masked, 0f, overwrite: true);
            dy = masked;
        }
        be.MaxPool2DBackward(x, dy, dx, g, overwrite);
    }

    /// <summary>The error for a backward pass that has neither the pooled input nor a record of the winners.</summary>
    internal static InvalidOperationException MissingSource(in Conv2DGeometry g) =>
        new($"MaxPool2DBackward: no input and no recorded winners for {g}: run the forward pass with this workspace first.");
}
