using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A GL buffer of floats used as a shader storage buffer (SSBO): one GL handle, immutable size.
/// Tensor storage of the GL compute backend, and readable by vertex shaders for drawing.
/// </summary>
public sealed class ShaderStorageBuffer : IDisposable
{
    private readonly GL _gl;

    /// <summary>Allocates a zeroed buffer of <paramref name="floats"/> elements.</summary>
    public unsafe ShaderStorageBuffer(GL gl, int floats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        _gl = gl;
        Floats = floats;
        Handle = gl.CreateBuffer();
        // Zero-size buffers are invalid to bind; keep one float so every tensor has a real buffer.
        var bytes = (nuint)(Math.Max(floats, 1) * sizeof(float));
        gl.NamedBufferStorage(Handle, bytes, null, BufferStorageMask.DynamicStorageBit);
        float zero = 0f;
        gl.ClearNamedBufferData(Handle, SizedInternalFormat.R32f, PixelFormat.Red, PixelType.Float, &zero);
    }

    /// <summary>The GL buffer name.</summary>
    public uint Handle { get; private set; }

    /// <summary>Capacity in floats.</summary>
    public int Floats { get; }

    /// <summary>Writes <paramref name="source"/> at float offset <paramref name="offset"/>.</summary>
    public unsafe void Write(ReadOnlySpan<float> source, int offset = 0)
    {
        if (source.IsEmpty) return;
        CheckRange(offset, source.Length);
        fixed (float* p = source)
            _gl.NamedBufferSubData(Handle, offset * sizeof(float), (nuint)(source.Length * sizeof(float)), p);
    }

    /// <summary>Reads into <paramref name="destination"/> from float offset <paramref name="offset"/> (waits for pending GPU work).</summary>
    public unsafe void Read(Span<float> destination, int offset = 0)
    {
        if (destination.IsEmpty) return;
        CheckRange(offset, destination.Length);
        // Writes by compute shaders become visible to buffer reads only after this barrier.
        _gl.MemoryBarrier(MemoryBarrierMask.BufferUpdateBarrierBit);
        fixed (float* p = destination)
            _gl.GetNamedBufferSubData(Handle, offset * sizeof(float), (nuint)(destination.Length * sizeof(float)), p);
    }

    /// <summary>Deletes the GL buffer.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteBuffer(Handle);
        Handle = 0;
    }

    private void CheckRange(int offset, int count)
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        if (offset < 0 || offset + count > Floats)
            throw new ArgumentOutOfRangeException(nameof(offset), $"{count} floats at offset {offset} do not fit a buffer of {Floats}.");
    }
}
