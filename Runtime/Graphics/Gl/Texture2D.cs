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

    /// <summary>Chooses linear (smooth) or nearest (blocky, the default) sampling when the texture is scaled.</summary>
    public void SetLinearFiltering(bool linear)
    {
        var filter = linear ? (int)TextureMinFilter.Linear : (int)TextureMinFilter.Nearest;
        _gl.TextureParameter(Handle, TextureParameterName.TextureMinFilter, filter);
        _gl.TextureParameter(Handle, TextureParameterName.TextureMagFilter, filter);
    }

    /// <summary>
    /// Replaces all texels with <paramref name="texels"/>, row 0 first, given as <paramref name="format"/>
    /// components of <paramref name="type"/> (e.g. Red + Float for R32F, Red + UnsignedByte for R8).
    /// </summary>
    public unsafe void Upload<T>(ReadOnlySpan<T> texels, PixelFormat format, PixelType type) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (T* p = texels)
            _gl.TextureSubImage2D(Handle, 0, 0, 0, (uint)Width, (uint)Height, format, type, p);
    }

    /// <summary>Deletes the GL texture.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteTexture(Handle);
        Handle = 0;
    }
}
