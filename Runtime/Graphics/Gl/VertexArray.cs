using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A vertex array object (one GL handle) describing an interleaved vertex layout read from one
/// <see cref="VertexBuffer"/> at binding 0. Set up once at load with <see cref="Attribute"/>.
/// </summary>
public sealed class VertexArray : IDisposable
{
    private readonly GL _gl;

    /// <summary>Creates a vertex array reading <paramref name="buffer"/> with <paramref name="strideBytes"/> bytes per vertex.</summary>
    public VertexArray(GL gl, VertexBuffer buffer, int strideBytes)
    {
        _gl = gl;
        Handle = gl.CreateVertexArray();
        gl.VertexArrayVertexBuffer(Handle, 0, buffer.Handle, 0, (uint)strideBytes);
    }

    /// <summary>The GL vertex array name.</summary>
    public uint Handle { get; private set; }

    /// <summary>
    /// Declares attribute <paramref name="location"/>: <paramref name="components"/> values of
    /// <paramref name="type"/> at <paramref name="offsetBytes"/> in each vertex; normalized integers
    /// arrive in the shader as floats in 0..1.
    /// </summary>
    public void Attribute(uint location, int components, VertexAttribType type, int offsetBytes, bool normalized = false)
    {
        _gl.EnableVertexArrayAttrib(Handle, location);
        _gl.VertexArrayAttribFormat(Handle, location, components, type, normalized, (uint)offsetBytes);
        _gl.VertexArrayAttribBinding(Handle, location, 0);
    }

    /// <summary>Binds this vertex array for drawing.</summary>
    public void Bind()
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        _gl.BindVertexArray(Handle);
    }

    /// <summary>Deletes the GL vertex array.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteVertexArray(Handle);
        Handle = 0;
    }
}
