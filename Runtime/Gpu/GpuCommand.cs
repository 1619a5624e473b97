namespace Myelin.Gpu;

/// <summary>
/// The GPU sub-commands of the `myelin` tool: <c>gpu-check</c> (every primitive vs the reference,
/// PASS/FAIL per line) and <c>gpu-bench</c> (kernel throughput). Options: <c>--simulator</c> runs on
/// ILGPU's CPU accelerator with small shapes instead of CUDA; <c>--out DIR</c> also writes
/// gpu-check.txt / gpu-bench.csv there.
/// </summary>
public static class GpuCommand
{
    /// <summary>True for the sub-command names handled here.</summary>
    public static bool Handles(string command) => command is "gpu-check" or "gpu-bench";

    /// <summary>Runs a sub-command; returns the process exit code (0 ok, 1 check failed, 2 no CUDA device).</summary>
    public static int Run(string[] args, TextWriter log)
    {
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
