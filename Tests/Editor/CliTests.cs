using Myelin.Editor;
using Myelin.Editor.Commands;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

public class CliTests
{
    [Test]
    public void UnknownOption_ExitsWithUsageError() =>
        Assert.That(Cli.Run(["train", "xor", "--no-such-option"]), Is.EqualTo(Cli.UsageError));

    [Test]
    public void UnknownCommand_ExitsWithUsageError() =>
        Assert.That(Cli.Run(["no-such-command"]), Is.EqualTo(Cli.UsageError));

    [Test]
    public void BenchBackendOutsideTheList_ExitsWithUsageError() =>
        Assert.That(Cli.Run(["bench", "W1", "--backend", "cuda"]), Is.EqualTo(Cli.UsageError));

    [Test]
    public void Version_ExitsZero() => Assert.That(Cli.Run(["version"]), Is.Zero);

    [Test]
    public void Version_NamesRuntimeAndVectorWidth()
    {
        var lines = VersionCommand.Lines().ToList();
        Assert.That(lines[0], Does.StartWith("Myelin 0.1.0"));
        Assert.That(lines, Has.Some.Contains(".NET 10"));
        Assert.That(lines, Has.Some.Contains("Vector512"));
    }

    [Test]
    public void FailureInsideACommand_ExitsOneWithoutThrowing()
    {
        // A file where the output folder should be: nothing can be written below it.
        var blocker = Path.GetTempFileName();
        var (code, _, stderr) = CliRunner.Run("train", "xor", "--epochs", "5", "--out", Path.Combine(blocker, "sub"));
        File.Delete(blocker);
        Assert.That(code, Is.EqualTo(Cli.Failure));
        Assert.That(stderr, Does.StartWith("myelin: error: ").And.Not.Contains("   at "), "one line, no stack trace");
    }

    [Test]
    public void RootHelp_ListsTheGpuCommands()
    {
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Assert.That(Cli.Run(["--help"]), Is.Zero);
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.That(stdout.ToString(), Does.Contain("gpu-check").And.Contain("gpu-bench"));
    }

    [TestCase("gpu-check", "--help")]
    [TestCase("gpu-bench", "-h")]
    public void GpuCommandHelp_PrintsUsageAndRunsNothing(string command, string flag)
    {
        var log = new StringWriter();
        Assert.That(GpuCommand.Run([command, flag], log), Is.Zero, "help is not a failed check (1) nor a missing device (2)");
        Assert.That(log.ToString(), Does.Contain($"myelin {command} [options]").And.Contain("--simulator").And.Not.Contain("FAIL  ").And.Not.Contain("backend "));
    }
}
