using Myelin.Backends;

namespace Myelin.Graphics;

/// <summary>Tensor memory of the GL compute backend: one shader storage buffer of capacity floats.</summary>
public sealed class GlStorage : TensorStorage
{
    private readonly GlComputeBackend _backend;

    internal GlStorage(GlComputeBackend backend, int capacity)
    {
        _backend = backend;
        Buffer = new ShaderStorageBuffer(backend.Gl, capacity);
    }

    /// <summary>The SSBO holding the elements.</summary>
    public ShaderStorageBuffer Buffer { get; }

    /// <inheritdoc />
    public override int Capacity => Buffer.Floats;

    /// <inheritdoc />
    public override IBackend Backend => _backend;

    /// <summary>Deletes the GL buffer (the owning context must be current).</summary>
    public override void Dispose()
    {
        Buffer.Dispose();
        base.Dispose();
    }
}
