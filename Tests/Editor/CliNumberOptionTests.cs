using System.CommandLine;
using System.Diagnostics;
using Myelin.Editor;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// Every numeric option of every command, fed a mistyped or out-of-range value, must exit 2 with
/// one line naming the option and the value, never a stack trace (a validator that read a value
/// that failed to parse used to abort the process with SIGABRT, rc 134).
/// </summary>
public class CliNumberOptionTests
{
    private static readonly Type[] IntegerTypes = [typeof(int), typeof(long), typeof(ulong)];
    private static readonly Type[] RealTypes = [typeof(float), typeof(double)];

    // No numeric option of the tool accepts any of these; the overflow row is past the type's range.
    private static readonly string[] CommonJunk = ["abc", "1e99", "-1", "nan", "1.5x", ""];

    public static IEnumerable<TestCaseData> JunkValues()
    {
        foreach (var (path, option, type) in NumericOptions())
        {
            var junk = new List<string>(CommonJunk);
            if (type == typeof(int)) junk.Add("99999999999");
            else if (IntegerTypes.Contains(type)) junk.Add("99999999999999999999");
            else junk.AddRange(["inf", "-inf", "1e400"]);
            foreach (var value in junk)
                yield return new TestCaseData(path, option.Name, value).SetName($"{string.Join(' ', path)} {option.Name} '{value}'");
        }
    }

    [TestCaseSource(nameof(JunkValues))]
    public void JunkNumber_ExitsTwo_WithOneLineNamingTheOptionAndValue(string[] path, string option, string value)
    {
        var (code, output, errors) = CliRunner.Run([.. path, option, value]);

        Assert.That(code, Is.EqualTo(Cli.UsageError), errors + output);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var naming = lines.Where(l => l.Contains(option, StringComparison.Ordinal)).ToList();
        Assert.That(naming, Has.Count.EqualTo(1), $"one line names {option}:\n{errors}");
        Assert.That(naming[0], Does.StartWith("myelin: error: ").And.Contain($"'{value}'"));
        Assert.That(errors + output, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
        Assert.That(output, Is.Empty, "nothing ran");
    }

    [Test]
    public void TheWalkFindsTheNumericOptions()
    {
        var names = NumericOptions().Select(o => string.Join(' ', o.Path) + " " + o.Option.Name).ToList();
        Assert.That(names, Does.Contain("demo xor --frames").And.Contain("demo xor --every").And.Contain("train detect --minutes")
            .And.Contain("record --fps").And.Contain("train xor --epochs").And.Contain("sim agents --food-density"));
    }

    [Test]
    public void MistypedNumber_InTheRealProcess_ExitsTwoWithoutAborting()
    {
        var tool = Path.Combine(RepositoryRoot(), "Editor", "bin", Configuration(), "net10.0", "myelin.dll");
        Assert.That(tool, Does.Exist, "the test project builds the Editor");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { tool, "demo", "xor", "--headless", "--frames", "abc" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(60_000), Is.True);
        Assert.That(process.ExitCode, Is.EqualTo(Cli.UsageError), errors.Result + output);
        Assert.That(errors.Result, Does.StartWith("myelin: error: ").And.Contain("--frames").And.Not.Contain("   at "));
    }

    [TestCase("train", "detect", "--minutes", "nan")]
    [TestCase("train", "detect", "--minutes", "1e300")]
    public void Minutes_NeverLeaksATimeSpanMessage(params string[] args)
    {
        var (code, _, errors) = CliRunner.Run(args);
        Assert.That(code, Is.EqualTo(Cli.UsageError));
        Assert.That(errors, Does.Contain("--minutes").And.Not.Contain("TimeSpan"));
    }

    // A valid value for each positional argument, so the junk option's error is the one reported.
    private static readonly Dictionary<string, string> ValidArguments = new() { ["scene"] = "xor", ["workload"] = "W1", ["images"] = "digit.png" };

    private static IEnumerable<(string[] Path, Option Option, Type Type)> NumericOptions()
    {
        var stack = new Stack<(Command Command, string[] Path)>();
        stack.Push((Cli.Build(), []));
        while (stack.Count > 0)
        {
            var (command, path) = stack.Pop();
            foreach (var sub in command.Subcommands)
                stack.Push((sub, [.. path, sub.Name, .. sub.Arguments.Select(a => ValidArguments[a.Name])]));
            foreach (var option in command.Options)
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (IntegerTypes.Contains(type) || RealTypes.Contains(type)) yield return (path, option, type);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Myelin.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Myelin.slnx not found above the test folder.");
    }

    private static string Configuration() =>
        TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
}
