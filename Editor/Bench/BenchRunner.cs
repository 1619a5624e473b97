using Myelin.Backends;
using Spectre.Console;

namespace Myelin.Editor.Bench;

/// <summary>
/// <c>myelin bench &lt;W1|W2|W3|W4|W5|all&gt; [--json] [--peers] [--backend cpu]</c>: runs the reference
/// workloads of BENCHMARKS.md on a Myelin backend, optionally beside the peer programs, and prints
/// a table (or one JSON object per workload) of figures, ratios and targets.
/// </summary>
public static class BenchRunner
{
    private static readonly Dictionary<string, Func<IBackend>> s_backends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = () => CpuBackend.Instance,
        ["reference"] = () => ReferenceBackend.Instance,
        // CUDA only: ILGPU's silent fallback to its CPU simulator must never be benchmarked as a GPU.
        ["ilgpu"] = () => Myelin.Gpu.IlgpuBackend.TryCreateCuda(out var cuda, out _)
            ? cuda!
            : throw new BackendUnavailableException("backend 'ilgpu' needs an NVIDIA GPU with CUDA and none was found; ILGPU's CPU simulator is never benchmarked as a GPU. Use --backend ilgpu-sim for a correctness smoke run."),
        ["ilgpu-sim"] = Myelin.Gpu.IlgpuBackend.CreateCpuSimulator,
        // Headless EGL context; on Mesa's llvmpipe only correctness counts, not the figures.
        ["glcompute"] = () => new Myelin.Graphics.GlComputeBackend(new Myelin.Graphics.EglContext()),
    };

    /// <summary>Backends that other parts of Myelin provide; named here so the message can say they are not wired yet.</summary>
    private static readonly string[] s_planned = [];

    private static readonly string[] s_workloads = ["W1", "W2", "W3", "W4", "W5"];

    /// <summary>Makes <paramref name="name"/> selectable with <c>--backend</c> (e.g. "ilgpu" from the GPU assembly).</summary>
    public static void RegisterBackend(string name, Func<IBackend> factory) => s_backends[name] = factory;

    /// <summary>Threads Myelin's CPU backend may use (the peers it is compared with "at the same threads" use as many).</summary>
    internal static int MyelinThreads => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Runs the command; returns the process exit code (0 ok, 1 a workload failed, 2 bad arguments).</summary>
    public static int Run(string workload, bool json, bool peers, string backend)
    {
        if (!s_backends.TryGetValue(backend ?? "cpu", out var factory)) return Unavailable(backend ?? "");
        try
        {
            return Run(new BenchOptions { Workload = workload, Json = json, Peers = peers, BackendName = backend ?? "cpu", Backend = factory });
        }
        catch (BackendUnavailableException e)
        {
            Console.Error.WriteLine($"myelin bench: {e.Message}");
            return 2;
        }
    }

    /// <summary>The requested backend cannot run here (e.g. no CUDA device); the message says why.</summary>
    public sealed class BackendUnavailableException(string message) : Exception(message);

    private static int Unavailable(string backend)
    {
        var known = string.Join(", ", s_backends.Keys.Order());
        Console.Error.WriteLine(s_planned.Contains(backend, StringComparer.OrdinalIgnoreCase)
            ? $"myelin bench: backend '{backend}' is not available in this build (available: {known})."
            : $"myelin bench: unknown backend '{backend}' (available: {known}).");
        return 2;
    }

    /// <summary>Runs with every option spelled out (tests use <see cref="BenchOptions.Quick"/> and their own writers).</summary>
    internal static int Run(BenchOptions o)
    {
        var selected = o.Workload.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? s_workloads
            : s_workloads.Where(w => w.Equals(o.Workload, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (selected.Length == 0)
        {
            (o.Log ?? Console.Error).WriteLine($"myelin bench: unknown workload '{o.Workload}'. Usage: myelin bench <W1|W2|W3|W4|W5|all> [--json] [--peers] [--backend cpu]");
            return 2;
        }
        var backend = o.Backend();
        var started = DateTime.UtcNow;
        PeerRunner? peers = null;
        if (o.Peers)
        {
            peers = PeerRunner.Prepare(o.Log);
            if (peers is null) o.Log?.WriteLine("myelin bench: running without peers.");
        }
        var results = new List<(string Workload, IReadOnlyList<BenchRow> Rows)>();
        var failed = false;
        var steps = selected.SelectMany(w => peers is null ? [(w, false)] : new[] { (w, false), (w, true) }).ToList();
        var interactive = !o.Json && ReferenceEquals(o.Output, Console.Out) && !Console.IsOutputRedirected;
        var log = interactive ? null : o.Log;
        var quiet = o with { Log = log };

        void RunStep(string w, bool peerStep)
        {
            try
            {
                if (!peerStep)
                {
                    log?.WriteLine($"{w} on '{backend.Name}' ...");
                    results.Add((w, RunWorkload(w, quiet, backend)));
                }
                else if (results.LastOrDefault(r => r.Workload == w).Rows is { } rows)
                {
                    peers!.Run(w, rows, log);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed = true;
                (o.Log ?? Console.Error).WriteLine($"myelin bench: {w}{(peerStep ? " peers" : "")} failed: {e.Message}");
            }
        }

        if (interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("bench", maxValue: steps.Count);
                    foreach (var (w, peerStep) in steps)
                    {
                        task.Description = peerStep ? $"{w} peers" : $"{w} on {backend.Name}";
                        RunStep(w, peerStep);
                        task.Increment(1);
                    }
                });
        }
        else
        {
            foreach (var (w, peerStep) in steps) RunStep(w, peerStep);
        }

        if (o.Json) BenchReport.WriteJson(o.Output, results, backend.Name, MyelinThreads, started);
        else BenchReport.WriteTable(o.Output, results, backend.Name, MyelinThreads, started, peers is not null);
        return failed ? 1 : 0;
    }

    private static IReadOnlyList<BenchRow> RunWorkload(string w, BenchOptions o, IBackend backend) => w switch
    {
        "W1" => W1Xor.Run(o, backend),
        "W2" => W2Mlp.Run(o, backend),
        "W3" => W3Cnn.Run(o, backend),
        "W4" => W4Inference.Run(o, backend),
        "W5" => W5MatMul.Run(o, backend),
        _ => throw new ArgumentOutOfRangeException(nameof(w), w, "Unknown workload."),
    };
}
