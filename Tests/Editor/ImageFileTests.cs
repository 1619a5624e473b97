using Myelin.Editor.Imaging;
using NUnit.Framework;
using StbImageWriteSharp;

namespace Myelin.Tests.Editor;

public class ImageFileTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("myelin-image-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Png(int width, int height)
    {
        var path = Path.Combine(_dir, "image.png");
        var pixels = new byte[width * height];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 31);
        using var file = File.Create(path);
        new ImageWriter().WritePng(pixels, width, height, ColorComponents.Grey, file);
        return path;
    }

    [Test]
    public void ATruncatedPngNamesTheDefect()
    {
        var path = Png(40, 40);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.ReadRgba(path));
        Assert.That(e!.Message, Does.Contain("truncated PNG").And.Contain("IDAT"));
    }

    [Test]
    public void AnImageDeclaringTooManyPixelsIsRefusedBeforeDecoding()
    {
        var path = Png(8, 8);
        var bytes = File.ReadAllBytes(path);
        // IHDR width and height (big-endian, bytes 16..23) to 8192 × 8192: 256 MiB as RGBA, under stb's own limit.
        bytes[16] = bytes[20] = 0; bytes[17] = bytes[21] = 0;
        bytes[18] = bytes[22] = 0x20; bytes[19] = bytes[23] = 0;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.ReadRgba(path));
        Assert.That(e!.Message, Does.Contain("8192×8192").And.Contain($"limit is {ImageFile.MaxPixels}"));
    }

    [Test]
    public void ATopDownBmpDeclaringTooManyPixelsIsRefusedBeforeDecoding()
    {
        // A 54-byte BMP header: 20 wide, height -16,777,216 (negative: rows run top-down), 24 bits per pixel.
        var header = new byte[54 + 64];
        header[0] = (byte)'B'; header[1] = (byte)'M';
        BitConverter.GetBytes(header.Length).CopyTo(header, 2);
        BitConverter.GetBytes(54).CopyTo(header, 10);
        BitConverter.GetBytes(40).CopyTo(header, 14);
        BitConverter.GetBytes(20).CopyTo(header, 18);
        BitConverter.GetBytes(-16_777_216).CopyTo(header, 22);
        BitConverter.GetBytes((short)1).CopyTo(header, 26);
        BitConverter.GetBytes((short)24).CopyTo(header, 28);
        var path = Path.Combine(_dir, "tall.bmp");
        File.WriteAllBytes(path, header);
        var e = Assert.Throws<InvalidDataException>(() => ImageFile.ReadRgba(path));
        Assert.That(e!.Message, Does.Contain("20×16777216"));
    }

    [Test]
    public void ADirectoryIsCalledADirectory()
    {
        var e = Assert.Throws<IOException>(() => ImageFile.ReadRgba(_dir));
        Assert.That(e!.Message, Does.Contain("is a directory"));
    }
}
