using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>A 2-D texture with immutable storage (one level, nearest filtering): one GL handle.</summary>
public sealed class Texture2D : IDisposable
{
    private readonly GL _gl;

    /// <summary>Allocates a <paramref name="width"/>×<paramref name="height"/> texture of <paramref name="format"/> (e.g. R32f, Rgba8).</summary>
    public Texture2D(GL gl, int width, int height, SizedInternalFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        _gl = gl;
        Width = width;
        Height = height;
        Format = format;
        Handle = gl.CreateTexture(TextureTarget.Texture2D);
        gl.TextureStorage2D(Handle, 1, format, (uint)width, (uint)height);
        gl.TextureParameter(Handle, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TextureParameter(Handle, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TextureParameter(Handle, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TextureParameter(Handle, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    /// <summary>The GL texture name.</summary>
    public uint Handle { get; private set; }

    /// <summary>Width in texels.</summary>
    public int Width { get; }

    /// <summary>Height in texels.</summary>
    public int Height { get; }

    /// <summary>The texel format.</summary>
    public SizedInternalFormat Format { get; }

    /// <summary>Deletes the GL texture.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteTexture(Handle);
        Handle = 0;
    }
}
