using System.CommandLine;
using System.CommandLine.Parsing;
using Myelin.Editor.Bench;
using Myelin.Editor.Commands;
using Myelin.Editor.Terminal;
using Myelin.Gpu;

namespace Myelin.Editor;

/// <summary>The `myelin` command tree and its error policy: parse errors exit 2, failures exit 1.</summary>
public static class Cli
{
    /// <summary>Exit code for a command that failed while running.</summary>
    public const int Failure = 1;
    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Myelin: trainable neural networks for games.");
        root.Add(VersionCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(SimCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(DataCommand.Create());
        root.Add(ClassifyCommand.Create());
        root.Add(RecordCommand.Create());
        root.Add(CreateBench());
        root.Add(CreateGpu("gpu-check", GpuCommand.CheckDescription));
        root.Add(CreateGpu("gpu-bench", GpuCommand.BenchDescription));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>; returns the process exit code. Everything written to
    /// stderr meanwhile has its control characters escaped, so an error quoting a hostile file (a
    /// layer type, a label class, a script line) cannot drive the terminal.
    /// </summary>
    public static int Run(string[] args)
    {
        var errors = Console.Error;
        Console.SetError(new EscapingWriter(errors));
        try
        {
            return ParseAndInvoke(args);
        }
        finally
        {
            Console.SetError(errors);
        }
    }

    private static int ParseAndInvoke(string[] args)
    {
        // Parsing (validators included) runs inside the handler too: a throw there is one line, not an abort.
        try
        {
            var parse = Build().Parse(args);
            if (parse.Errors.Count > 0) return ReportUsageErrors(parse);
            // Our own handler below: one line on stderr, the stack trace only when asked for.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MYELIN_DEBUG") != "1")
        {
            Console.Error.WriteLine($"myelin: error: {e.Message}");
            Console.Error.WriteLine("(set MYELIN_DEBUG=1 for the stack trace)");
            return Failure;
        }
    }

    // One line per error and where to look, instead of the whole help text after each mistake.
    private static int ReportUsageErrors(ParseResult parse)
    {
        foreach (var error in parse.Errors) Console.Error.WriteLine($"myelin: error: {error.Message}");
        var names = new List<string>();
        for (SymbolResult? s = parse.CommandResult; s is CommandResult c; s = c.Parent) names.Insert(0, c.Command.Name);
        names[0] = "myelin";
        Console.Error.WriteLine($"(see '{string.Join(' ', names)} --help')");
        return UsageError;
    }

    // Program.cs hands gpu-check / gpu-bench to GpuCommand before this tree parses (they also run from the
    // carried GPU bundle); they are declared here so `myelin --help` lists them, and run the same way if reached.
    private static Command CreateGpu(string name, string description)
    {
        var simulator = new Option<bool>("--simulator") { Description = GpuCommand.SimulatorDescription };
        var output = new Option<string?>("--out") { Description = GpuCommand.OutDescription };
        var command = new Command(name, description) { simulator, output };
        command.SetAction(p =>
        {
            var args = new List<string> { name };
            if (p.GetValue(simulator)) args.Add("--simulator");
            if (p.GetValue(output) is { } dir) args.AddRange(["--out", dir]);
            return GpuCommand.Run([.. args], Console.Out);
        });
        return command;
    }

    // The bench command's body lives on the bench branch; only its command line is declared here.
    private static Command CreateBench()
    {
        var workload = new Argument<string>("workload") { Description = "Workload id from BENCHMARKS.md (W1..W5) or 'all'." };
        var json = new Option<bool>("--json") { Description = "Write results as JSON." };
        var peers = new Option<bool>("--peers") { Description = "Also run the peer implementations (numpy, PyTorch, ...)." };
        var backend = new Option<string>("--backend")
        {
            Description = "Backend to measure: cpu; ilgpu (CUDA only: exits 2 without a device); ilgpu-sim (ILGPU's CPU simulator, tiny sizes, correctness only); glcompute (GLSL compute on headless EGL).",
            DefaultValueFactory = _ => "cpu",
        };
        backend.AcceptOnlyFromAmong("cpu", "ilgpu", "ilgpu-sim", "glcompute");
        var full = new Option<bool>("--full") { Description = "Full sizes on a software GL driver (llvmpipe), which defaults to small ones." };
        var peerResults = new Option<string?>("--peer-results") { Description = "File of peer JSON lines (the torch CUDA peers' output) to compare with and judge targets by." };
        var command = new Command("bench", "Run a reference benchmark workload.") { workload, json, peers, backend, full, peerResults };
        command.SetAction(p => BenchRunner.Run(p.GetValue(workload)!, p.GetValue(json), p.GetValue(peers), p.GetValue(backend)!, p.GetValue(full), p.GetValue(peerResults)));
        return command;
    }
}
