using Myelin.Graphics;
using Myelin.Graphics.Rendering;
using Silk.NET.OpenGL;

namespace Myelin.Tests.Graphics;

/// <summary>A headless context with a small framebuffer, a Batch2D and a TextRenderer, for pixel tests.</summary>
internal sealed class RenderTestTarget : IDisposable
{
    public RenderTestTarget(int width, int height)
    {
        Context = new EglContext();
        Framebuffer = new OffscreenFramebuffer(Context.Gl, width, height);
        Batch = new Batch2D(Context.Gl, initialQuads: 16);
        Text = new TextRenderer(Context.Gl);
    }

    public EglContext Context { get; }
    public GL Gl => Context.Gl;
    public OffscreenFramebuffer Framebuffer { get; }
    public Batch2D Batch { get; }
    public TextRenderer Text { get; }
    public int Width => Framebuffer.Width;
    public int Height => Framebuffer.Height;

    /// <summary>Clears to black, runs <paramref name="draw"/> between Begin and End, and reads the pixels back (top row first).</summary>
    public byte[] Render(Action<Batch2D> draw)
    {
        Framebuffer.Bind();
        Gl.ClearColor(0, 0, 0, 1);
        Gl.Clear(ClearBufferMask.ColorBufferBit);
        Batch.Begin(Width, Height);
        draw(Batch);
        Batch.End();
        return Framebuffer.ReadPixels();
    }

    public (byte R, byte G, byte B) Pixel(byte[] pixels, int x, int y)
    {
        var i = (y * Width + x) * 4;
        return (pixels[i], pixels[i + 1], pixels[i + 2]);
    }

    public void Dispose()
    {
        Context.MakeCurrent();
        Text.Dispose();
        Batch.Dispose();
        Framebuffer.Dispose();
        Context.Dispose();
    }
}
