using System.Buffers.Binary;
using System.IO.Compression;
using Myelin.Editor;
using Myelin.Editor.Commands;
using Myelin.Nn;
using Myelin.Serialization;
using Myelin.Tests.Demos.Digits;
using Myelin.Training;
using NUnit.Framework;
using StbImageWriteSharp;

namespace Myelin.Tests.Editor;

public class ClassifyCommandTests
{
    [Test]
    public void ClassifiesPngsOnLightAndDarkBackgrounds_AndReportsUnreadableFiles()
    {
        var dir = Directory.CreateTempSubdirectory("myelin-classify-test-").FullName;
        try
        {
            var files = new List<string>();
            var labels = new List<int>();
            for (var i = 0; i < 10; i++)
            {
                // Test digits upscaled 3×, alternately dark ink on white (RGB) and white ink on black (grey).
                var light = i % 2 == 0;
                var path = Path.Combine(dir, $"digit{i}.png");
                WritePng(path, DigitFixture.TestDigit(i), scale: 3, light);
                files.Add(path);
                labels.Add(DigitFixture.TestLabel(i));
            }
            var broken = Path.Combine(dir, "broken.png");
            File.WriteAllText(broken, "not an image");
            var missing = Path.Combine(dir, "missing.png");
            var output = new StringWriter();
            var errors = new StringWriter();

            var code = ClassifyCommand.Run(DigitFixture.SavedPath, [files[0], broken, .. files[1..], missing], output, errors);

            Assert.That(code, Is.EqualTo(Cli.Failure), "two files failed");
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(10), "every readable file is classified");
            var right = 0;
            for (var i = 0; i < 10; i++)
            {
                Assert.That(lines[i], Does.StartWith(files[i] + ": "));
                Assert.That(lines[i], Does.Contain(i % 2 == 0 ? "(light background)" : "(dark background)"));
                Assert.That(lines[i], Does.Contain(" 0:0.").And.Contain(" 9:"), "ten probabilities");
                if (int.Parse(lines[i][(files[i].Length + 2)..].Split(' ')[0]) == labels[i]) right++;
            }
            Assert.That(right, Is.GreaterThanOrEqualTo(8), output.ToString());
            var errorLines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(errorLines, Has.Length.EqualTo(2));
            Assert.That(errorLines[0], Does.Contain(broken).And.Contain("not a readable image"));
            Assert.That(errorLines[1], Does.Contain(missing));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void OversizedImage_IsReportedWithItsSize_AndTheBatchGoesOn()
    {
        var dir = Directory.CreateTempSubdirectory("myelin-classify-big-").FullName;
        try
        {
            // A PNG declaring 20000×20000 pixels (1.6 GB decoded) in a few dozen bytes.
            var bomb = Path.Combine(dir, "bomb.png");
            File.WriteAllBytes(bomb, PngHeader(20000, 20000));
            var digit = Path.Combine(dir, "digit.png");
            WritePng(digit, DigitFixture.TestDigit(0), scale: 1, light: false);
            var output = new StringWriter();
            var errors = new StringWriter();

            var code = ClassifyCommand.Run(DigitFixture.SavedPath, [bomb, digit], output, errors);

            Assert.That(code, Is.EqualTo(Cli.Failure));
            Assert.That(errors.ToString(), Does.Contain(bomb).And.Contain("20000×20000"));
            Assert.That(output.ToString(), Does.StartWith(digit + ": "), "the next image is still classified");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void MissingModel_ExitsOne()
    {
        var (code, _, stderr) = CliRunner.Run("classify", "--model", "/nonexistent/digits.myelin", "x.png");
        Assert.That(code, Is.EqualTo(Cli.Failure));
        Assert.That(stderr, Does.StartWith("myelin: error: "));
    }

    // A grey PNG declaring width×height pixels whose only data is one compressed row of zeros.
    private static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (grey)
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true)) z.Write(new byte[width + 1]);
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Myelin.Serialization.Crc32.Append(0, chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    [Test]
    public void AModelWithAnotherClassCountIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("myelin-classify-five-").FullName;
        try
        {
            var model = Path.Combine(dir, "five.myelin");
            new Model(new Sequential(new Flatten(), new Dense(28 * 28, 5)), new Shape(1, 28, 28)).Save(model);
            var image = Path.Combine(dir, "digit.png");
            WritePng(image, DigitFixture.TestDigit(0), scale: 1, light: false);
            var output = new StringWriter();

            var e = Assert.Throws<ModelFormatException>(() => ClassifyCommand.Run(model, [image], output, new StringWriter()));

            Assert.That(e!.Message, Does.Contain("five.myelin").And.Contain("(1, 5)").And.Contain("(1, 10)"));
            Assert.That(output.ToString(), Is.Empty, "no invented probabilities");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WritePng(string path, float[] digit, int scale, bool light)
    {
        var side = 28 * scale;
        var channels = light ? 3 : 1;
        var pixels = new byte[side * side * channels];
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            var v = digit[y / scale * 28 + x / scale];
            var level = (byte)MathF.Round(255 * (light ? 1 - v : v));
            for (var c = 0; c < channels; c++) pixels[(y * side + x) * channels + c] = level;
        }
        using var file = File.Create(path);
        new ImageWriter().WritePng(pixels, side, side, light ? ColorComponents.RedGreenBlue : ColorComponents.Grey, file);
    }
}
