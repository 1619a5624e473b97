using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A GL array buffer for vertices: one GL handle with mutable storage, so it can grow in place
/// (the handle stays; vertex arrays bound to it stay valid). Written whole each frame by streaming renderers.
/// </summary>
public sealed class VertexBuffer : IDisposable
{
    private readonly GL _gl;

    /// <summary>Creates a buffer of <paramref name="bytes"/> bytes (contents undefined).</summary>
    public unsafe VertexBuffer(GL gl, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        _gl = gl;
        Handle = gl.CreateBuffer();
        gl.NamedBufferData(Handle, (nuint)bytes, null, BufferUsageARB.StreamDraw);
        CapacityBytes = bytes;
    }

    /// <summary>The GL buffer name.</summary>
    public uint Handle { get; private set; }

    /// <summary>Capacity in bytes.</summary>
    public int CapacityBytes { get; private set; }

    /// <summary>Grows the storage to at least <paramref name="bytes"/> (contents are lost); returns whether it grew.</summary>
    public unsafe bool EnsureCapacity(int bytes)
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        if (bytes <= CapacityBytes) return false;
        CapacityBytes = Math.Max(bytes, CapacityBytes * 2);
        _gl.NamedBufferData(Handle, (nuint)CapacityBytes, null, BufferUsageARB.StreamDraw);
        return true;
    }

    /// <summary>
    /// Replaces the contents with <paramref name="vertices"/>, orphaning the old storage first so the
    /// driver need not wait for draws still reading it.
    /// </summary>
    public unsafe void Write<T>(ReadOnlySpan<T> vertices) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        var bytes = vertices.Length * sizeof(T);
        EnsureCapacity(bytes);
        if (bytes == 0) return;
        _gl.InvalidateBufferData(Handle);
        fixed (T* p = vertices) _gl.NamedBufferSubData(Handle, 0, (nuint)bytes, p);
    }

    /// <summary>Deletes the GL buffer.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteBuffer(Handle);
        Handle = 0;
    }
}
