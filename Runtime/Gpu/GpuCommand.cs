namespace Myelin.Gpu;

/// <summary>
/// The GPU sub-commands of the `myelin` tool: <c>gpu-check</c> (every primitive vs the reference,
/// PASS/FAIL per line) and <c>gpu-bench</c> (kernel throughput). Options: <c>--simulator</c> runs on
/// ILGPU's CPU accelerator with small shapes instead of CUDA; <c>--out DIR</c> also writes
/// gpu-check.txt / gpu-bench.csv there.
/// </summary>
public static class GpuCommand
{
    /// <summary>One line saying what <c>gpu-check</c> does (listed by <c>myelin --help</c>).</summary>
    public const string CheckDescription = "Check every GPU primitive against the CPU reference on CUDA (PASS/FAIL per line).";

    /// <summary>One line saying what <c>gpu-bench</c> does (listed by <c>myelin --help</c>).</summary>
    public const string BenchDescription = "Measure GPU kernel throughput on CUDA.";

    /// <summary>What <c>--simulator</c> does.</summary>
    public const string SimulatorDescription = "Run on ILGPU's CPU simulator with small shapes instead of CUDA.";

    /// <summary>What <c>--out DIR</c> does.</summary>
    public const string OutDescription = "Also write gpu-check.txt / gpu-bench.csv into this folder.";

    /// <summary>True for the sub-command names handled here.</summary>
    public static bool Handles(string command) => command is "gpu-check" or "gpu-bench";

    /// <summary>The help text of <paramref name="command"/> (gpu-check or gpu-bench).</summary>
    public static string Help(string command) =>
        $"""
        Description:
          {(command == "gpu-check" ? CheckDescription : BenchDescription)}

        Usage:
          myelin {command} [options]

        Options:
          --simulator  {SimulatorDescription}
          --out DIR    {OutDescription}
          -h, --help   Show help and usage information

        Exit codes: 0 ok, 1 {(command == "gpu-check" ? "a check failed" : "failure")}, 2 no CUDA device.

        """;

    /// <summary>Runs a sub-command; returns the process exit code (0 ok, 1 check failed, 2 no CUDA device). --help prints <see cref="Help"/> and runs nothing.</summary>
    public static int Run(string[] args, TextWriter log)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?"))
        {
            log.Write(Help(args[0]));
            return 0;
        }
        var simulator = args.Contains("--simulator");
        var outIndex = Array.IndexOf(args, "--out");
        var outDir = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;

        IlgpuBackend? backend;
        if (simulator)
        {
            backend = IlgpuBackend.CreateCpuSimulator();
        }
        else if (!IlgpuBackend.TryCreateCuda(out backend, out var reason))
        {
            log.WriteLine($"FAIL  {reason}");
            return 2;
        }
        using (backend)
        {
            log.WriteLine($"backend {backend!.Name} on {backend.DeviceName}");
            if (outDir is not null) Directory.CreateDirectory(outDir);
            if (args[0] == "gpu-check")
            {
                var text = new StringWriter();
                var exit = GpuSelfCheck.Report(GpuSelfCheck.Run(backend, small: simulator), text);
                log.Write(text.ToString());
                if (outDir is not null) File.WriteAllText(Path.Combine(outDir, "gpu-check.txt"), text.ToString());
                return exit;
            }
            var csv = GpuBench.Run(backend, log, small: simulator);
            if (outDir is not null) File.WriteAllLines(Path.Combine(outDir, "gpu-bench.csv"), csv);
            return 0;
        }
    }
}
