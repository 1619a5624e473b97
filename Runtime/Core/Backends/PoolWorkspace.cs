namespace Myelin.Backends;

/// <summary>
/// The scratch of one max-pooling op, reused step after step: a backend's record of each window's
/// winner (the CPU keeps one byte per output, so its backward pass reads that instead of x again), and
/// the tensor the primitive sequence behind <see cref="IBackend.MaxPool2D(Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool)"/>
/// pools into before ReLU and masks dy into after.
/// </summary>
public sealed class PoolWorkspace
{
    private Tensor? _pooled;
    private byte[] _winners = [];
    private Conv2DGeometry _recorded;
    private bool _hasRecord, _recordedRelu;

    /// <summary>
    /// A buffer of at least <paramref name="outputs"/> + 64 bytes (so whole-vector loads past the last
    /// output stay inside it) for the winners of the forward pass with geometry <paramref name="g"/>;
    /// <see cref="Recorded"/> then says they are there.
    /// </summary>
    public byte[] RecordWinners(int outputs, in Conv2DGeometry g, bool relu)
    {
        if (_winners.Length < outputs + 64) _winners = new byte[outputs + 64];
        _recorded = g; _recordedRelu = relu; _hasRecord = true;
        return _winners;
    }

    /// <summary>
    /// The winners the last forward pass recorded, when it had geometry <paramref name="g"/> and the same
    /// ReLU setting; else null (the pass recorded none, or another one).
    /// </summary>
    public byte[]? Recorded(in Conv2DGeometry g, bool relu) => _hasRecord && _recorded == g && _recordedRelu == relu ? _winners : null;

    /// <summary>Forgets the winners: called at every forward pass before the backend may record new ones.</summary>
    internal void NewStep() => _hasRecord = false;

    /// <summary>y = ReLU(max pool(x)) by primitives: pool into a scratch tensor, then ReLU into y.</summary>
    internal void ForwardByPrimitives(IBackend be, Tensor x, Tensor y, in Conv2DGeometry g, bool relu)
    {
        if (!relu) { be.MaxPool2D(x, y, g); return; }
        var pooled = Pooled(be, y.Shape);
        be.MaxPool2D(x, pooled, g);
        be.Unary(UnaryKind.Relu, pooled, y, 0f);
    }

    /// <summary>The convolution into <paramref name="full"/>, then its 2×2, stride-2 max pooling (and ReLU) into <paramref name="pooled"/>.</summary>
    internal void ForwardConvByPrimitives(IBackend be, Tensor x, Tensor w, Tensor? bias, Tensor full, Tensor pooled,
        Conv2DWorkspace workspace, in Conv2DGeometry g, bool relu)
    {
        be.Conv2DForward(x, w, bias, full, workspace, g);
        be.MaxPool2D(full, pooled, Ops.PoolGeometry(g, w.Shape[0]), this, relu);
    }

    /// <summary>dy masked by y &gt; 0 (for ReLU) into the scratch tensor, then routed to the windows' first maxima.</summary>
    internal void BackwardByPrimitives(IBackend be, Tensor x, Tensor y, Tensor dy, Tensor dx, in Conv2DGeometry g, bool relu, bool overwrite)
    {
        if (relu)
        {
            // y > 0 exactly where the pooled value was: ReLU's derivative read from its output
            var masked = Pooled(be, dy.Shape);
            be.UnaryBackward(UnaryKind.Relu, y, y, dy, masked, 0f, overwrite: true);
            dy = masked;
        }
        be.MaxPool2DBackward(x, dy, dx, g, overwrite);
    }

    private Tensor Pooled(IBackend backend, in Shape shape)
    {
        if (_pooled is null || _pooled.Backend != backend) _pooled = Tensor.Zeros(shape, backend);
        else _pooled.Resize(shape);
        return _pooled;
    }
}
