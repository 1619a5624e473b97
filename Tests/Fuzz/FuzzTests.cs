using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;

namespace Myelin.Tests.Fuzz;

/// <summary>
/// Mutation fuzzing of every parser a user can feed (<see cref="FuzzTargets"/>). Each target runs in a
/// child process with a 512 MiB GC heap hard limit; every mutant must load or be rejected with the
/// parser's documented exception type, within a per-case timeout. A few seconds per parser in CI;
/// MYELIN_FUZZ_SECONDS (per parser) and MYELIN_FUZZ_SEED run it longer or elsewhere.
/// </summary>
[Category("Fuzz")]
public class FuzzTests
{
    /// <summary>The heap ceiling of the child: far above what any valid corpus file needs, far below what a forged size asks for.</summary>
    public const long HeapLimitBytes = 512L << 20;

    private static IEnumerable<string> Targets() => FuzzTargets.All.Select(t => t.Name);

    [TestCaseSource(nameof(Targets))]
    public void EveryMutantLoadsOrIsRejectedWithATypedError(string target)
    {
        var seconds = Environment.GetEnvironmentVariable("MYELIN_FUZZ_SECONDS") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 3;
        var seed = Environment.GetEnvironmentVariable("MYELIN_FUZZ_SEED") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 15;
        var dir = Directory.CreateTempSubdirectory($"myelin-fuzz-{target}-").FullName;
        var keep = false;
        try
        {
            var start = new ProcessStartInfo(DotnetHost(), [typeof(FuzzTests).Assembly.Location, "fuzz", target, seconds.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture), dir])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + HeapLimitBytes.ToString("X", CultureInfo.InvariantCulture);
            start.Environment["DOTNET_gcServer"] = "0";
            using var child = Process.Start(start)!;
            var stderr = child.StandardError.ReadToEndAsync();
            var stdout = child.StandardOutput.ReadToEndAsync();
            // The child enforces the per-case timeout; this bounds a child that cannot even do that.
            if (!child.WaitForExit(TimeSpan.FromSeconds(seconds + 120)))
            {
                child.Kill(entireProcessTree: true);
                keep = true;
                Assert.Fail($"fuzz {target}: the child did not finish; the input it was on is {Path.Combine(dir, "case.bin")}");
            }
            var output = stdout.Result + stderr.Result;
            TestContext.Out.WriteLine(output.Trim());
            if (child.ExitCode != 0)
            {
                keep = true;
                Assert.Fail($"fuzz {target} (exit {child.ExitCode}): {output.Trim()}\ninput kept at {Path.Combine(dir, File.Exists(Path.Combine(dir, "crash.bin")) ? "crash.bin" : "case.bin")}");
            }
            Assert.That(output, Does.Contain($"fuzz {target}: "), "the child reports the inputs it tried");
        }
        finally
        {
            if (!keep) Directory.Delete(dir, recursive: true);
        }
    }

    // `dotnet test` runs the test host under the dotnet executable and says where it is.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : "dotnet";
}
