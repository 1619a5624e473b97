using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

/// <summary>
/// An N-d array of float32, row-major, living on one backend. Results of ops remember the op that
/// made them (on the current <see cref="Tape"/>), so <see cref="Backward"/> can compute gradients.
/// </summary>
public sealed partial class Tensor
{
    internal Tensor(TensorStorage storage, in Shape shape)
    {
        if (shape.Length > storage.Capacity)
            throw new ArgumentException($"Storage of {storage.Capacity} floats cannot hold shape {shape}.");
        Storage = storage;
        _shape = shape;
    }

    private Shape _shape;

    /// <summary>The dimensions (by reference: reading or comparing them copies nothing).</summary>
    public ref readonly Shape Shape => ref _shape;

    /// <summary>Number of elements.</summary>
    public int Length => Shape.Length;

    /// <summary>Number of axes.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The backend whose memory holds the elements.</summary>
    public IBackend Backend => Storage.Backend;

    /// <summary>The memory; possibly larger than <see cref="Length"/>.</summary>
    public TensorStorage Storage { get; private set; }

    /// <summary>Whether gradients flow to this tensor (true for parameters).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>
    /// The accumulated gradient, same shape; allocated on first use. After <see cref="ZeroGrad"/> it
    /// reads as zeros: the zeros are written when it is next read, unless an op's first contribution
    /// overwrites it instead (<see cref="GradToWrite"/>), which saves a pass over the gradient.
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            if (_gradZeroPending) WritePendingZero();
            return _grad;
        }
        internal set
        {
            _grad = value;
            _gradZeroPending = false;
        }
    }

    private Tensor? _grad;
    private bool _gradZeroPending;

    private void WritePendingZero()
    {
        _gradZeroPending = false;
        if (_grad is not null) Backend.Fill(_grad, 0f);
    }

    /// <summary>An optional name shown in summaries and error messages ("dense1.weight").</summary>
    public string? Name { get; set; }

    /// <summary>The tape node that produced this tensor, or null for leaves (inputs, parameters).</summary>
    internal Node? Creator { get; set; }

    /// <summary>
    /// The elements as a span, for host backends. Throws for device tensors: use
    /// <see cref="CopyTo"/> or <see cref="ToArray"/> there.
    /// </summary>
    public Span<float> Span => Storage is HostStorage h
        ? h.Data.AsSpan(0, Length)
        : throw new InvalidOperationException($"Tensor {Describe()} lives on backend '{Backend.Name}', not in host memory: copy it out with CopyTo or ToArray.");

    /// <summary>True when the elements are in managed memory (Reference or Cpu backend).</summary>
    public bool IsHost => Storage is HostStorage;

    /// <summary>
    /// Changes the shape in place (e.g. a smaller last batch), growing the storage only when it is too
    /// small. Values are kept when the storage is reused and undefined when it grows. For leaf
    /// tensors you own (inputs, buffers); op outputs are resized by their ops.
    /// </summary>
    public void Resize(in Shape shape)
    {
        if (shape == Shape) return;
        if (shape.Length > Storage.Capacity)
        {
            var backend = Storage.Backend;
            Storage.Dispose();
            Storage = backend.Allocate(shape.Length);
        }
        _shape = shape;
        if (Grad is not null) Grad.Resize(shape);
    }

    /// <summary>Re-points this tensor at another storage (views share their source's memory).</summary>
    internal void Alias(Tensor source, in Shape shape)
    {
        Storage = source.Storage;
        _shape = shape;
    }

    /// <summary>
    /// Moves the elements to another backend in place: the tensor object stays the same, so
    /// optimizers and layers holding it keep working. Drops the gradient.
    /// </summary>
    public void MoveTo(IBackend backend)
    {
        if (backend == Backend) return;
        var values = ToArray();
        var old = Storage;
        Storage = backend.Allocate(Shape.Length);
        backend.Upload(values, this);
        old.Dispose();
        Grad = null;
    }

    /// <summary>Returns the gradient tensor, allocating a zeroed one on first use.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Tensor EnsureGrad() => Grad is { } g && g.Shape == Shape ? g : MakeGrad();

    private Tensor MakeGrad()
    {
        if (Grad is null)
        {
            Grad = new Tensor(Backend.Allocate(Shape.Length), Shape);
        }
        else if (Grad.Shape != Shape)
        {
            Grad.Resize(Shape);
        }
        return Grad;
    }

    /// <summary>Sets the gradient to zero (keeps its memory; see <see cref="Grad"/> for when the zeros are written).</summary>
    public void ZeroGrad()
    {
        if (_grad is not null) _gradZeroPending = true;
    }

    /// <summary>
    /// Makes the gradient read as zeros without writing them yet (see <see cref="Grad"/>), allocating it
    /// at this tensor's shape when it is missing or shaped for an earlier step.
    /// </summary>
    internal void ResetGrad()
    {
        _gradZeroPending = false; // so EnsureGrad does not write the zeros it only allocates or resizes for
        EnsureGrad();
        _gradZeroPending = true;
    }

    /// <summary>
    /// The gradient for an op about to add its contribution: <paramref name="overwrite"/> is true when
    /// it holds a pending zero, so the op may write with beta = 0 instead of adding to zeros.
    /// </summary>
    internal Tensor GradToWrite(out bool overwrite)
    {
        overwrite = _gradZeroPending && _grad is { } g && g.Shape == Shape;
        if (!overwrite) return EnsureGrad();
        _gradZeroPending = false;
        return _grad!;
    }

    /// <summary>Describes the tensor for error messages: name and shape.</summary>
    internal string Describe() => Name is null ? $"{Shape}" : $"'{Name}' {Shape}";
}
