using Myelin.Backends;

namespace Myelin;

/// <summary>
/// The memory behind a tensor, owned by one backend. Host backends keep a managed array; device
/// backends keep a device buffer. A storage can be larger than the tensor viewing it, so a tensor
/// can shrink and grow again (a smaller last batch) without reallocating.
/// </summary>
public abstract class TensorStorage : IDisposable
{
    /// <summary>Number of float elements the storage can hold.</summary>
    public abstract int Capacity { get; }

    /// <summary>The backend that owns this memory.</summary>
    public abstract IBackend Backend { get; }

    /// <summary>Releases device memory; host storage is left to the garbage collector.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Storage in managed memory, shared by the host backends (Reference and Cpu).</summary>
public sealed class HostStorage : TensorStorage
{
    /// <summary>The elements; may be longer than the tensor using it.</summary>
    public float[] Data { get; }

    private readonly IBackend _backend;

    /// <summary>Creates zeroed storage of <paramref name="capacity"/> floats.</summary>
    public HostStorage(IBackend backend, int capacity)
    {
        _backend = backend;
        Data = capacity == 0 ? [] : GC.AllocateUninitializedArray<float>(capacity, pinned: false);
        Array.Clear(Data);
    }

    /// <inheritdoc />
    public override int Capacity => Data.Length;

    /// <inheritdoc />
    public override IBackend Backend => _backend;
}
