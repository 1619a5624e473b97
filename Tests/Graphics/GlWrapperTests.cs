using Myelin.Graphics;
using Myelin.Graphics.Imaging;
using NUnit.Framework;
using Silk.NET.OpenGL;

namespace Myelin.Tests.Graphics;

/// <summary>Shader compile errors, GridToTexture, framebuffer readback and PNG writing.</summary>
[TestFixture]
public class GlWrapperTests
{
    private GlTestContext _gl = null!;
    private GL Gl => _gl.Context.Gl;

    [OneTimeSetUp] public void CreateContext() => _gl = new GlTestContext();
    [OneTimeTearDown] public void DestroyContext() => _gl.Dispose();
    [SetUp] public void MakeCurrent() => _gl.MakeCurrent();
    [TearDown] public void NoGlError() => _gl.AssertNoGlError();

    [Test]
    public void CompileFailureThrowsWithDriverLogAndShaderName()
    {
        const string broken = "#version 430\nlayout(local_size_x = 1) in;\nvoid main() { float x = undefinedThing; }\n";
        var e = Assert.Throws<InvalidOperationException>(() => new ComputeProgram(Gl, "Compute/Broken.comp", broken).Dispose());
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Message, Does.Contain("Compute/Broken.comp"));
        Assert.That(e.Message, Does.Contain("undefinedThing"), "the driver's info log is in the message");
    }

    [Test]
    public void ComposedShaderKeepsFileLineNumbersInLogs()
    {
        var source = ShaderSource.Compose("#version 430\nlayout(local_size_x = 1) in;\nvoid main() { float x = oops; }\n");
        var e = Assert.Throws<InvalidOperationException>(() => new ComputeProgram(Gl, "Compute/Lines.comp", source).Dispose());
        // Mesa writes "0:3(25): error"; other drivers "ERROR: 0:3:". Either way line 3 of the file.
        Assert.That(e!.Message, Does.Match(@":3[:(]"), "the error names line 3 of the file, not of the composed source");
    }

    [Test]
    public void SpecializedShaderSeesItsKindAsACompileTimeConstantAndKeepsLineNumbers()
    {
        // A constant array size must be a compile-time constant: this compiles only when the kind is defined.
        const string text = "#version 430\nlayout(local_size_x = 1) in;\nshared float s[SPECIALIZED_KIND + 1];\nvoid main() { s[0] = float(UnaryTanh); }\n";
        Assert.DoesNotThrow(() => new ComputeProgram(Gl, "Compute/Kind.comp", ShaderSource.Compose(text, (int)Myelin.Backends.UnaryKind.Tanh)).Dispose());
        var e = Assert.Throws<InvalidOperationException>(() => new ComputeProgram(Gl, "Compute/Kind.comp", ShaderSource.Compose(text)).Dispose());
        Assert.That(e!.Message, Does.Match(@":3[:(]"), "without a kind, the error names line 3 of the file");
        var broken = ShaderSource.Compose("#version 430\nlayout(local_size_x = 1) in;\nvoid main() { float x = oops; }\n", 4);
        e = Assert.Throws<InvalidOperationException>(() => new ComputeProgram(Gl, "Compute/Lines.comp", broken).Dispose());
        Assert.That(e!.Message, Does.Match(@":3[:(]"), "the kind's #define does not shift the file's line numbers");
    }

    [Test]
    public void GridToTextureWritesEachTexelFromTheBuffer()
    {
        // A (H·W, 2) grid: channel 1 holds y·10 + x, so every texel is checkable.
        const int width = 5, height = 3;
        var values = new float[width * height * 2];
        for (var yy = 0; yy < height; yy++)
            for (var xx = 0; xx < width; xx++)
            {
                values[(yy * width + xx) * 2] = -1f;
                values[(yy * width + xx) * 2 + 1] = yy * 10 + xx + 0.5f;
            }
        var grid = Tensor.FromArray(values, new Shape(width * height, 2), _gl.Backend);
        using var texture = new Texture2D(Gl, width, height, SizedInternalFormat.R32f);
        using var copy = new GridToTexture(_gl.Backend);
        copy.Copy(grid, texture, channel: 1);

        var texels = new float[width * height];
        unsafe
        {
            fixed (float* p = texels)
                Gl.GetTextureImage(texture.Handle, 0, PixelFormat.Red, PixelType.Float, (uint)(texels.Length * sizeof(float)), p);
        }
        for (var yy = 0; yy < height; yy++)
            for (var xx = 0; xx < width; xx++)
                Assert.That(texels[yy * width + xx], Is.EqualTo(yy * 10 + xx + 0.5f), $"texel ({xx}, {yy})");
        Assert.That(Gl.GetError(), Is.EqualTo(GLEnum.NoError));
    }

    [Test]
    public void FramebufferClearsReadsBackAndWritesPng()
    {
        using var fbo = new OffscreenFramebuffer(Gl, 8, 4);
        fbo.Bind();
        Gl.ClearColor(1f, 0.5f, 0f, 1f);
        Gl.Clear(ClearBufferMask.ColorBufferBit);
        var pixels = fbo.ReadPixels();
        Assert.That(pixels[..4], Is.EqualTo(new byte[] { 255, 128, 0, 255 }).Or.EqualTo(new byte[] { 255, 127, 0, 255 }));
        Assert.That(pixels[^4..], Is.EqualTo(pixels[..4]));

        var dir = Path.Combine(Path.GetTempPath(), $"myelin-png-{Environment.ProcessId}");
        var path = Path.Combine(dir, "clear.png");
        try
        {
            PngWriter.Write(path, pixels, fbo.Width, fbo.Height);
            var image = StbImageSharp.ImageResult.FromMemory(File.ReadAllBytes(path), StbImageSharp.ColorComponents.RedGreenBlueAlpha);
            Assert.That((image.Width, image.Height), Is.EqualTo((8, 4)));
            Assert.That(image.Data, Is.EqualTo(pixels));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary file is left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void BufferOfExposesTheTensorsSsbo()
    {
        var t = Tensor.FromArray([1f, 2f, 3f], new Shape(3), _gl.Backend);
        var handle = _gl.Backend.BufferOf(t);
        Assert.That(Gl.IsBuffer(handle), Is.True);
        var back = new float[3];
        unsafe
        {
            fixed (float* p = back) Gl.GetNamedBufferSubData(handle, 0, 12, p);
        }
        Assert.That(back, Is.EqualTo(new[] { 1f, 2f, 3f }));
    }
}
