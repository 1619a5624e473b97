using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// An offscreen render target for headless scenes: a framebuffer object with one RGBA8 color
/// texture. <see cref="ReadPixels(Span{byte})"/> brings the image back for PNG files and tests.
/// </summary>
public sealed class OffscreenFramebuffer : IDisposable
{
    private readonly GL _gl;

    /// <summary>Creates a <paramref name="width"/>×<paramref name="height"/> RGBA8 target.</summary>
    public OffscreenFramebuffer(GL gl, int width, int height)
    {
        _gl = gl;
        Color = new Texture2D(gl, width, height, SizedInternalFormat.Rgba8);
        Handle = gl.CreateFramebuffer();
        gl.NamedFramebufferTexture(Handle, FramebufferAttachment.ColorAttachment0, Color.Handle, 0);
        var status = gl.CheckNamedFramebufferStatus(Handle, FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            Dispose();
            throw new InvalidOperationException($"Framebuffer {width}x{height} RGBA8 is incomplete: {status}.");
        }
    }

    /// <summary>The GL framebuffer name.</summary>
    public uint Handle { get; private set; }

    /// <summary>The color attachment.</summary>
    public Texture2D Color { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => Color.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Color.Height;

    /// <summary>Binds this target for drawing and sets the viewport to cover it.</summary>
    public void Bind()
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, Handle);
        _gl.Viewport(0, 0, (uint)Width, (uint)Height);
    }

    /// <summary>
    /// Reads the image as RGBA8 into <paramref name="destination"/> (Width·Height·4 bytes), top row
    /// first (GL's bottom-up rows are flipped), ready for an image file.
    /// </summary>
    public unsafe void ReadPixels(Span<byte> destination)
    {
        var rowBytes = Width * 4;
        if (destination.Length < rowBytes * Height)
            throw new ArgumentException($"ReadPixels needs {rowBytes * Height} bytes; got {destination.Length}.", nameof(destination));
        _gl.MemoryBarrier(MemoryBarrierMask.FramebufferBarrierBit);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* p = destination)
            _gl.GetTextureImage(Color.Handle, 0, PixelFormat.Rgba, PixelType.UnsignedByte, (uint)(rowBytes * Height), p);
        var row = rowBytes <= 16384 ? stackalloc byte[rowBytes] : new byte[rowBytes];
        for (var y = 0; y < Height / 2; y++)
        {
            var top = destination.Slice(y * rowBytes, rowBytes);
            var bottom = destination.Slice((Height - 1 - y) * rowBytes, rowBytes);
            top.CopyTo(row);
            bottom.CopyTo(top);
            row.CopyTo(bottom);
        }
    }

    /// <summary>Reads the image into a new array (allocates; for tools and tests).</summary>
    public byte[] ReadPixels()
    {
        var pixels = new byte[Width * Height * 4];
        ReadPixels(pixels);
        return pixels;
    }

    /// <summary>Deletes the framebuffer and its texture.</summary>
    public void Dispose()
    {
        if (Handle != 0)
        {
            _gl.DeleteFramebuffer(Handle);
            Handle = 0;
        }
        Color.Dispose();
    }
}
