using Myelin.Backends;
using Myelin.Demos.Detection.Sources;
using Myelin.Editor;
using Myelin.Editor.Terminal;
using Myelin.Nn;
using Myelin.Serialization;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// Text from files (layer types, label classes, script lines) is printed with its control
/// characters escaped, so an ESC sequence in a file cannot retitle the window or clear the screen.
/// </summary>
public class TerminalEscapeTests
{
    private const string ClearScreen = "\u001b[2J\u001b]0;pwned\u0007";
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-escape-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase("a\u001bb", @"a\x1Bb")]
    [TestCase("bell\u0007 cr\r nul\0", @"bell\x07 cr\x0D nul\x00")]
    [TestCase("del\u007f c1\u009b csi", @"del\x7F c1\x9B csi")]
    [TestCase("tab\tand\nnewline, ünïcödé ✓", "tab\tand\nnewline, ünïcödé ✓")]
    public void Escape_ShowsControlCharactersAsHex_AndKeepsTabsNewlinesAndText(string raw, string shown) =>
        Assert.That(TerminalText.Escape(raw), Is.EqualTo(shown));

    [Test]
    public void ScriptLine_WithAnEscSequence_IsPrintedEscaped()
    {
        var script = Path.Combine(_dir, "evil.txt");
        File.WriteAllText(script, $"frame 1 {ClearScreen}\n");
        var (code, output, errors) = CliRunner.Run("demo", "xor", "--headless", "--frames", "2", "--out", _dir, "--script", script);

        Assert.That(code, Is.EqualTo(Cli.Failure));
        AssertEscaped(output + errors);
        Assert.That(errors, Does.Contain("evil.txt:1"));
    }

    [Test]
    public void ModelLayerType_WithAnEscSequence_IsPrintedEscaped()
    {
        var model = Path.Combine(_dir, "evil.myelin");
        ModelFile.Write(model, new LayerSpec("Dense" + ClearScreen, new Dictionary<string, string>(), []), new Shape(1, 28, 28), 1, []);
        var image = Path.Combine(_dir, "digit.png");
        File.WriteAllText(image, "");
        var (code, output, errors) = CliRunner.Run("classify", "--model", model, image);

        Assert.That(code, Is.EqualTo(Cli.Failure));
        AssertEscaped(output + errors);
        Assert.That(errors, Does.Contain("Dense"));
    }

    [Test]
    public void LabelsClass_WithAnEscSequence_IsPrintedEscaped()
    {
        var video = Path.Combine(_dir, "clip.mp4");
        File.WriteAllText(video, "not a video: the labels are read first");
        var labels = new DetectionLabels(128, 128, 30, null, ["coin" + ClearScreen]);
        labels.Add([]);
        LabelsFile.Write(Path.ChangeExtension(video, ".json"), labels);
        var (code, output, errors) = CliRunner.Run("demo", "detect", "--headless", "--frames", "1", "--out", _dir, "--source", video);

        Assert.That(code, Is.EqualTo(Cli.Failure));
        AssertEscaped(output + errors);
        Assert.That(errors, Does.Contain("coin"));
    }

    private static void AssertEscaped(string printed)
    {
        Assert.That(printed, Does.Not.Contain("\u001b").And.Not.Contain("\u0007"), "no raw ESC or BEL reaches the terminal");
        Assert.That(printed, Does.Contain(@"\x1B[2J\x1B]0;pwned\x07"), "the sequence is shown, escaped");
    }
}
