using ILGPU;
using ILGPU.Runtime;
using Myelin.Backends;

namespace Myelin.Gpu;

/// <summary>Tensor memory on an ILGPU accelerator: one dense device buffer of <see cref="Capacity"/> floats.</summary>
public sealed class IlgpuStorage : TensorStorage
{
    private readonly IlgpuBackend _backend;
    private readonly int _capacity;

    internal IlgpuStorage(IlgpuBackend backend, int capacity)
    {
        _backend = backend;
        _capacity = capacity;
        // ILGPU refuses empty buffers: keep one float behind an empty tensor.
        Buffer = backend.Accelerator.Allocate1D<float>(Math.Max(1, capacity));
        Buffer.View.MemSetToZero(backend.Accelerator.DefaultStream);
    }

    /// <summary>The device buffer (at least one element long, even for capacity 0).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Buffer { get; }

    /// <inheritdoc />
    public override int Capacity => _capacity;

    /// <inheritdoc />
    public override IBackend Backend => _backend;

    /// <summary>Frees the device buffer.</summary>
    public override void Dispose()
    {
        Buffer.Dispose();
        base.Dispose();
    }
}
