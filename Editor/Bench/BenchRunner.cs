using Myelin.Backends;
using Spectre.Console;

namespace Myelin.Editor.Bench;

/// <summary>
/// <c>myelin bench &lt;W1|W2|W3|W4|W5|all&gt; [--json] [--peers] [--backend cpu|ilgpu|ilgpu-sim|glcompute] [--full]</c>:
/// runs the reference workloads of BENCHMARKS.md on a Myelin backend, optionally beside the peer
/// programs, and prints a table (or one JSON object per workload) of figures, ratios and targets.
/// GPU backends: "ilgpu" is CUDA or nothing (exit 2, never the CPU fallback), "ilgpu-sim" is ILGPU's
/// CPU simulator at quick sizes (correctness only), "glcompute" is GLSL compute on a headless EGL
/// context (small sizes on llvmpipe unless --full).
/// </summary>
public static class BenchRunner
{
    private static readonly Dictionary<string, Func<IBackend>> s_backends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = () => CpuBackend.Instance,
        ["reference"] = () => ReferenceBackend.Instance,
        ["ilgpu"] = BenchBackends.CreateIlgpuCuda,
        ["ilgpu-sim"] = BenchBackends.CreateIlgpuSimulator,
        ["glcompute"] = BenchBackends.CreateGlCompute,
    };

    private static readonly string[] s_workloads = ["W1", "W2", "W3", "W4", "W5"];

    /// <summary>Makes <paramref name="name"/> selectable with <c>--backend</c>.</summary>
    public static void RegisterBackend(string name, Func<IBackend> factory) => s_backends[name] = factory;

    /// <summary>Threads Myelin's CPU backend may use (the peers it is compared with "at the same threads" use as many).</summary>
    internal static int MyelinThreads => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>
    /// Runs the command; returns the process exit code (0 ok, 1 a workload failed, 2 bad arguments
    /// or a backend this machine cannot make, such as "ilgpu" without a CUDA device).
    /// </summary>
    public static int Run(string workload, bool json, bool peers, string backend, bool full = false, string? peerResults = null) =>
        s_backends.TryGetValue(backend ?? "cpu", out var factory)
            ? Run(new BenchOptions { Workload = workload, Json = json, Peers = peers, BackendName = backend ?? "cpu", Backend = factory, Full = full, PeerResults = peerResults })
            : Unavailable(backend ?? "");

    private static int Unavailable(string backend)
    {
        var known = string.Join(", ", s_backends.Keys.Order());
        Console.Error.WriteLine($"myelin bench: unknown backend '{backend}' (available: {known}).");
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
        IBackend backend;
        try { backend = o.Backend(); }
        catch (BackendUnavailableException e)
        {
            (o.Log ?? Console.Error).WriteLine(e.Message);
            return 2;
        }
        try { return Run(Describe(o, backend), backend, selected); }
        finally { BenchBackends.Release(backend); }
    }

    /// <summary>Sets the backend's kind on the options, forces quick sizes on the simulator, and says what the figures are worth.</summary>
    private static BenchOptions Describe(BenchOptions o, IBackend backend)
    {
        var kind = BenchBackends.KindOf(backend);
        var device = BenchBackends.DeviceOf(backend);
        var note = o.Log ?? Console.Error;
        switch (kind)
        {
            case BackendKind.IlgpuSimulator:
                note.WriteLine($"myelin bench: '{backend.Name}' is ILGPU's CPU simulator: a correctness smoke run at tiny sizes; its figures say nothing about a GPU.");
                return o with { Kind = kind, Quick = true };
            case BackendKind.GlSoftware:
                note.WriteLine($"myelin bench: GL compute on '{device}', a software rasteriser: only correctness counts, the figures are llvmpipe's, not a GPU's"
                    + (o.Full || o.Quick ? "." : "; small sizes (W5 n = 256 only; --full for all)."));
                break;
            case BackendKind.Cuda or BackendKind.GlHardware:
                note.WriteLine($"myelin bench: '{backend.Name}' on {device}; every timed region ends with a device wait.");
                break;
        }
        return o with { Kind = kind };
    }

    private static int Run(BenchOptions o, IBackend backend, string[] selected)
    {
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
                    BenchBackends.MakeCurrent(backend);
                    var rows = RunWorkload(w, quiet, backend);
                    if (o.PeerResults is not null) MergePeerResults(o.PeerResults, w, rows, log);
                    results.Add((w, rows));
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

        var device = BenchBackends.DeviceOf(backend);
        if (o.Json) BenchReport.WriteJson(o.Output, results, backend.Name, MyelinThreads, started, device);
        else BenchReport.WriteTable(o.Output, results, device is null ? backend.Name : $"{backend.Name} on {device}", MyelinThreads, started, peers is not null || o.PeerResults is not null);
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Adds the figures of every line of <paramref name="path"/> whose "workload" is <paramref name="workload"/>
    /// (<c>{"peer": "torch-cuda", "workload": "W5", "results": {key: value}}</c>) to the rows with those keys.
    /// </summary>
    internal static void MergePeerResults(string path, string workload, IReadOnlyList<BenchRow> rows, TextWriter? log)
    {
        if (!File.Exists(path))
        {
            log?.WriteLine($"myelin bench: no peer results at {path}.");
            return;
        }
        foreach (var line in File.ReadLines(path))
        {
            if (!line.TrimStart().StartsWith('{')) continue;
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("workload", out var wl) || !string.Equals(wl.GetString(), workload, StringComparison.OrdinalIgnoreCase)) continue;
            var peer = root.GetProperty("peer").GetString() ?? "peer";
            foreach (var p in root.GetProperty("results").EnumerateObject())
                if (p.Value.ValueKind == System.Text.Json.JsonValueKind.Number)
                    foreach (var r in rows.Where(r => r.Key == p.Name)) r.Peers[peer] = p.Value.GetDouble();
        }
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
