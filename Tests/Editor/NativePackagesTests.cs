using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// tools/native-packages.txt is the one list of Debian packages that ./myelin installs and .ci/run
/// installs: every native library and external program the code uses must be on it, and each package
/// must really ship what its line names, so a fresh machine that ran ./myelin can run the whole suite.
/// </summary>
public partial class NativePackagesTests
{
    private static readonly string s_root = FindRoot();

    /// <summary>Names the tests use on purpose as programs that do not exist, and what every machine has: the .NET SDK and coreutils.</summary>
    private static readonly string[] s_notPackages = ["ffmpeg-not-installed-here", "dotnet", "true", "sh", "bash"];

    [Test]
    public void EveryNativeLibraryTheCodeLoads_IsListed()
    {
        var provided = Listed().SelectMany(l => l.Names).ToHashSet();
        var missing = SourceFiles("*.cs")
            .SelectMany(f => NativeLibraryLiteral().Matches(File.ReadAllText(f)).Select(m => (Name: m.Groups[1].Value, File: f)))
            .Where(u => !provided.Contains(u.Name))
            .Select(u => $"{u.Name} (used in {Path.GetRelativePath(s_root, u.File)})")
            .Distinct().ToList();
        Assert.That(missing, Is.Empty, "native libraries not in tools/native-packages.txt");
    }

    [Test]
    public void EveryProgramTheCodeStarts_IsListed()
    {
        var provided = Listed().SelectMany(l => l.Names).ToHashSet();
        var started = ProgramsStarted().ToList();
        Assert.That(started.Select(s => s.Name), Does.Contain("ffmpeg").And.Contain("npm"), "the scan finds the programs it must");
        var missing = started.Where(s => !provided.Contains(s.Name) && !s_notPackages.Contains(s.Name))
            .Select(s => $"{s.Name} (started in {s.Where})").Distinct().ToList();
        Assert.That(missing, Is.Empty, "programs not in tools/native-packages.txt");
    }

    [Test]
    public void TheNativeAotToolchainAndWindowTools_AreListed()
    {
        var packages = Listed().Select(l => l.Package).ToList();
        Assert.That(packages, Is.SupersetOf(new[] { "clang", "zlib1g-dev", "ffmpeg", "npm", "libglfw3", "libegl1", "libgl1-mesa-dri", "fonts-dejavu-core", "xvfb" }));
    }

    [Test]
    public void BothTheLauncherAndCi_ReadTheList()
    {
        foreach (var script in new[] { "myelin", ".ci/run" })
        {
            var text = File.ReadAllText(Path.Combine(s_root, script));
            Assert.That(text, Does.Contain("tools/native-packages.sh"), script);
            Assert.That(text, Does.Not.Match(@"apt-get install[^\n]*\b(ffmpeg|clang|libegl1)\b"), $"{script} keeps a second package list");
        }
    }

    [Test]
    public void EachPackage_ShipsWhatItsLineNames()
    {
        if (!File.Exists("/usr/bin/dpkg-query")) Assert.Ignore("not a Debian machine: dpkg is needed to read the packages' file lists");
        var problems = new List<string>();
        foreach (var line in Listed().Where(l => !l.Package.StartsWith('@')))
        {
            var files = Run("dpkg-query", "-L", line.Package);
            if (files is null)
            {
                // Allowed only where the launcher skips it: every name is a program already on PATH.
                if (!line.Names.All(n => !n.Contains('.') && OnPath(n))) problems.Add($"{line.Package} is not installed (run ./myelin once as root)");
                continue;
            }
            var basenames = files.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName).ToHashSet();
            problems.AddRange(line.Names.Where(n => !basenames.Contains(n)).Select(n => $"{line.Package} does not ship {n}"));
        }
        Assert.That(problems, Is.Empty);
    }

    private sealed record ListedPackage(string Package, string[] Names);

    private static IEnumerable<ListedPackage> Listed()
    {
        foreach (var raw in File.ReadLines(Path.Combine(s_root, "tools", "native-packages.txt")))
        {
            var hash = raw.IndexOf('#');
            var words = (hash >= 0 ? raw[..hash] : raw).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            Assert.That(words.Length, Is.GreaterThan(1), $"tools/native-packages.txt: '{raw}' names nothing the package provides");
            yield return new ListedPackage(words[0], words[1..]);
        }
    }

    /// <summary>Names passed to ProcessStartInfo, directly or as a default executable ("ffmpeg" options, the npm fetcher).</summary>
    private static IEnumerable<(string Name, string Where)> ProgramsStarted()
    {
        foreach (var file in SourceFiles("*.cs"))
        {
            var text = File.ReadAllText(file);
            if (!text.Contains("ProcessStartInfo") && !text.Contains("FfmpegPath") && !text.Contains("\"npm\"")) continue;
            foreach (Match m in ProgramLiteral().Matches(text))
                yield return (m.Groups["name"].Value, Path.GetRelativePath(s_root, file));
        }
        foreach (var script in new[] { ".ci/run", "myelin" })
            foreach (Match m in ScriptProgram().Matches(File.ReadAllText(Path.Combine(s_root, script))))
                yield return (m.Groups[1].Value, script);
    }

    private static IEnumerable<string> SourceFiles(string pattern) =>
        new[] { "Runtime", "Editor", "Demos", "Tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(s_root, d), pattern, SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.EndsWith(nameof(NativePackagesTests) + ".cs", StringComparison.Ordinal));

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    private static string? Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Myelin.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Myelin.slnx not found above the test directory");
    }

    [GeneratedRegex(@"""(lib[A-Za-z0-9_+-]+\.so(?:\.\d+)*)""")]
    private static partial Regex NativeLibraryLiteral();

    // new ProcessStartInfo("x"...), FileName = "x", an "x" default for an executable option, or a
    // string default of a parameter or property named for the program or its path.
    [GeneratedRegex(@"(?:ProcessStartInfo\(\s*|FileName\s*=\s*|DefaultValueFactory\s*=\s*_\s*=>\s*|(?i:exe|path|program|npm|ffmpeg)\w*(?:\s*\{[^}]*\})?\s*=\s*)""(?<name>[a-z][a-z0-9+-]*)""")]
    private static partial Regex ProgramLiteral();

    // Programs the shell scripts call directly, beyond coreutils and the SDK.
    [GeneratedRegex(@"\b(xvfb-run|ffmpeg|npm|clang|Xvfb)\b")]
    private static partial Regex ScriptProgram();
}
