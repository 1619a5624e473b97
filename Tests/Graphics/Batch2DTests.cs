using Myelin.Graphics;
using Myelin.Graphics.Rendering;
using NUnit.Framework;
using Silk.NET.OpenGL;

namespace Myelin.Tests.Graphics;

/// <summary>Batch2D and TextRenderer draw the expected pixels (headless EGL, read back from the framebuffer).</summary>
[TestFixture]
public class Batch2DTests
{
    private static readonly Color32 Red = new(255, 0, 0), Green = new(0, 255, 0), Blue = new(0, 0, 255);
    private RenderTestTarget _target = null!;

    [OneTimeSetUp] public void Create() => _target = new RenderTestTarget(64, 64);
    [OneTimeTearDown] public void Destroy() => _target.Dispose();
    [SetUp] public void MakeCurrent() => _target.Context.MakeCurrent();
    [TearDown] public void NoGlError() => Assert.That(_target.Gl.GetError(), Is.EqualTo(GLEnum.NoError));

    [Test]
    public void RectCoversExactlyItsPixelsWithOriginTopLeft()
    {
        var p = _target.Render(b => b.FillRect(10, 4, 20, 8, Red));
        Assert.That(_target.Pixel(p, 10, 4), Is.EqualTo(((byte)255, (byte)0, (byte)0)), "top-left pixel");
        Assert.That(_target.Pixel(p, 29, 11), Is.EqualTo(((byte)255, (byte)0, (byte)0)), "bottom-right pixel");
        Assert.That(_target.Pixel(p, 30, 11), Is.EqualTo(((byte)0, (byte)0, (byte)0)), "right of the rect");
        Assert.That(_target.Pixel(p, 10, 12), Is.EqualTo(((byte)0, (byte)0, (byte)0)), "below the rect");
        Assert.That(_target.Pixel(p, 10, 3), Is.EqualTo(((byte)0, (byte)0, (byte)0)), "above the rect");
    }

    [Test]
    public void CircleIsFilledInsideEmptyOutsideAndSoftAtTheEdge()
    {
        var p = _target.Render(b => b.FillCircle(32, 32, 10, Green));
        Assert.That(_target.Pixel(p, 32, 32).G, Is.EqualTo(255), "centre");
        Assert.That(_target.Pixel(p, 32 + 7, 32).G, Is.EqualTo(255), "inside");
        Assert.That(_target.Pixel(p, 32 + 12, 32).G, Is.EqualTo(0), "outside");
        Assert.That(_target.Pixel(p, 32 + 7, 32 + 7).G, Is.EqualTo(0), "corner of the bounding square");
        var edge = _target.Pixel(p, 41, 34).G; // pixel centre (41.5, 34.5) is 9.8 from the centre: 0.7 covered
        Assert.That(edge, Is.InRange(1, 254), "anti-aliased edge pixel is partly covered");
    }

    [Test]
    public void ThickLineCoversItsWidthOnly()
    {
        var p = _target.Render(b => b.Line(8, 20, 56, 20, 4, Blue));
        Assert.That(_target.Pixel(p, 32, 18).B, Is.EqualTo(255), "within half the thickness above");
        Assert.That(_target.Pixel(p, 32, 21).B, Is.EqualTo(255), "within half the thickness below");
        Assert.That(_target.Pixel(p, 32, 24).B, Is.EqualTo(0), "beyond the thickness");
        Assert.That(_target.Pixel(p, 60, 20).B, Is.EqualTo(0), "beyond the end cap");
    }

    [Test]
    public void HeatmapMapsAFloatTextureThroughTheColourMap()
    {
        using var texture = new Texture2D(_target.Gl, 2, 1, SizedInternalFormat.R32f);
        texture.Upload<float>([0f, 10f], PixelFormat.Red, PixelType.Float);
        var p = _target.Render(b => b.Heatmap(texture, new RectF(0, 0, 64, 64), ColorMap.Grayscale, 0, 10));
        Assert.That(_target.Pixel(p, 10, 10), Is.EqualTo(((byte)0, (byte)0, (byte)0)), "min -> black");
        Assert.That(_target.Pixel(p, 50, 10), Is.EqualTo(((byte)255, (byte)255, (byte)255)), "max -> white");
        p = _target.Render(b => b.Heatmap(texture, new RectF(0, 0, 64, 64), ColorMap.Diverging, 0, 10));
        var (r, _, bl) = _target.Pixel(p, 10, 10);
        Assert.That(r, Is.GreaterThan(bl), "diverging min is orange");
        (r, _, bl) = _target.Pixel(p, 50, 10);
        Assert.That(bl, Is.GreaterThan(r), "diverging max is blue");
    }

    [Test]
    public void UntexturedShapesShareOneDrawCallAndTextureSwitchesAddOne()
    {
        _target.Render(b =>
        {
            b.FillRect(0, 0, 4, 4, Red);
            b.FillCircle(10, 10, 3, Green);
            b.Line(0, 0, 10, 10, 2, Blue);
            _target.Text.Draw(b, "ab", 0, 0, Color32.White);
            b.FillRect(0, 0, 4, 4, Red);
        });
        Assert.That(_target.Batch.DrawCalls, Is.EqualTo(1), "shapes join the text atlas run");
    }

    [Test]
    public void TextDrawsGlyphPixelsWhereItIsPlacedAndNowhereElse()
    {
        var p = _target.Render(b => _target.Text.Draw(b, "HI", 4, 4, Color32.White));
        var width = _target.Text.Measure("HI");
        var height = _target.Text.LineHeight();
        int inside = 0, outside = 0;
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
            {
                var lit = _target.Pixel(p, x, y).R > 128;
                var inBox = x >= 3 && x <= 4 + width + 1 && y >= 3 && y <= 4 + height;
                if (lit && inBox) inside++;
                else if (lit) outside++;
            }
        Assert.That(inside, Is.GreaterThan(20), "glyph pixels inside the text box");
        Assert.That(outside, Is.Zero, "no pixels outside the text box");
        Assert.That(width, Is.InRange(8, 40));
        Assert.That(_target.Text.Measure("HIHI"), Is.EqualTo(2 * width), "widths add up");
    }

    [Test]
    public void ShaderProgramCompileFailureNamesTheFileAndQuotesTheDriverLog()
    {
        const string vert = "#version 450 core\nvoid main() { gl_Position = vec4(0); }\n";
        const string frag = "#version 450 core\nout vec4 o;\nvoid main() { o = notDeclared; }\n";
        var e = Assert.Throws<InvalidOperationException>(() => new ShaderProgram(_target.Gl, "Render/Broken", vert, frag).Dispose());
        Assert.That(e!.Message, Does.Contain("Render/Broken.frag"));
        Assert.That(e.Message, Does.Contain("notDeclared"));
    }
}
