using Myelin.Editor;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

public class RecordCommandTests
{
    [TestCase("--frames", "0")]
    [TestCase("--fps", "0")]
    [TestCase("--size", "8")]
    [TestCase("--codec", "vp9")]
    public void OutOfRangeOption_ExitsWithUsageError(string option, string value)
    {
        var (code, _) = Run(["record", "--frames", "3", "--out", "never.mp4", option, value]);
        Assert.That(code, Is.EqualTo(Cli.UsageError));
        Assert.That(File.Exists("never.mp4"), Is.False);
    }

    [Test]
    public void MissingFfmpeg_ExitsOneNamingTheInstallCommand_AndWritesNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "myelin-record-" + Guid.NewGuid().ToString("N"));
        var (code, errors) = Run(["record", "--frames", "3", "--out", Path.Combine(dir, "clip.mp4"), "--ffmpeg", "/nonexistent/ffmpeg"]);
        Assert.That(code, Is.EqualTo(Cli.Failure));
        Assert.That(errors, Does.StartWith("myelin: error: ").And.Contain("apt-get install ffmpeg"));
        Assert.That(Directory.Exists(dir) ? Directory.GetFiles(dir) : [], Is.Empty, "no video, labels or temporary file");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static (int Code, string Errors) Run(string[] args)
    {
        var (code, _, errors) = CliRunner.Run(args);
        return (code, errors);
    }
}
