using Myelin.Editor;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// An output path that cannot be written is refused before any work: `train detect --out
/// /proc/x/d.myelin` used to train for its whole budget and then fail.
/// </summary>
public class OutputPathTests
{
    private string _dir = "";
    private string _blocker = "";

    [SetUp]
    public void CreateFolder()
    {
        _dir = Directory.CreateTempSubdirectory("myelin-out-").FullName;
        // A file where a folder should be: nothing below it can be created, even as root.
        _blocker = Path.Combine(_dir, "blocker");
        File.WriteAllText(_blocker, "");
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase("--out", "sub/d.myelin", "train", "detect", "--minutes", "0.02")]
    [TestCase("--out", "sub/d.myelin", "train", "digits", "--epochs", "1", "--data", "/nonexistent/mnist")]
    [TestCase("--out", "sub", "train", "xor", "--epochs", "5")]
    [TestCase("--out", "sub/clip.mp4", "record", "--frames", "2")]
    [TestCase("--out", "sub", "demo", "xor", "--headless", "--frames", "1")]
    [TestCase("--dir", "sub", "data", "mnist", "--from", "/nonexistent/idx")]
    public void UnwritableOutput_FailsBeforeAnyWork_NamingTheOptionAndPath(string option, string below, params string[] command)
    {
        var path = Path.Combine(_blocker, below);
        var (code, output, errors) = CliRunner.Run([.. command, option, path]);

        Assert.That(code, Is.EqualTo(Cli.Failure), errors);
        Assert.That(errors, Does.StartWith("myelin: error: ").And.Contain(option).And.Contain(path));
        Assert.That(output, Is.Empty, "nothing was trained, rendered or fetched");
    }

    [Test]
    public void RecordLabelsUnwritable_FailsBeforeRecording()
    {
        var video = Path.Combine(_dir, "clip.mp4");
        var labels = Path.Combine(_blocker, "clip.json");
        var (code, output, errors) = CliRunner.Run("record", "--frames", "2", "--out", video, "--labels", labels);

        Assert.That(code, Is.EqualTo(Cli.Failure), errors);
        Assert.That(errors, Does.Contain("--labels").And.Contain(labels));
        Assert.That(output, Is.Empty);
        Assert.That(File.Exists(video), Is.False, "no video without its labels");
    }

    [Test]
    public void OutputThatIsAFolder_IsRefusedBeforeTraining()
    {
        var (code, output, errors) = CliRunner.Run("train", "detect", "--minutes", "0.02", "--out", _dir);

        Assert.That(code, Is.EqualTo(Cli.Failure), errors);
        Assert.That(errors, Does.Contain("--out").And.Contain(_dir).And.Contain("folder"));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void WritableOutput_LeavesNoProbeBehind()
    {
        var model = Path.Combine(_dir, "new", "d.myelin");
        var (code, _, errors) = CliRunner.Run("train", "detect", "--minutes", "0", "--size", "32", "--out", model);

        Assert.That(code, Is.Zero, errors);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(model)!).Select(Path.GetFileName), Is.EqualTo(new[] { "d.myelin" }));
    }
}
