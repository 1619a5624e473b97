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
    public void MissingModel_ExitsOne()
    {
        var stderr = new StringWriter();
        var previous = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(stderr);
        try
        {
            Assert.That(Cli.Run(["classify", "--model", "/nonexistent/digits.myelin", "x.png"]), Is.EqualTo(Cli.Failure));
        }
        finally
        {
            Console.SetOut(previous.Out);
            Console.SetError(previous.Error);
        }
        Assert.That(stderr.ToString(), Does.StartWith("myelin: error: "));
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
