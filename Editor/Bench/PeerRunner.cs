using System.Diagnostics;
using System.Text.Json;

namespace Myelin.Editor.Bench;

/// <summary>
/// Runs the peer programs of BENCHMARKS.md beside Myelin: the Python scripts in
/// Tests/Benchmarks/peers (copied next to the Editor as peers/) with Debian's python3 and the fair
/// OpenBLAS/malloc environment, and ONNX Runtime in-process for W4. Each script prints one JSON
/// line <c>{"results": {key: value}}</c> whose keys match the Myelin rows.
/// </summary>
internal sealed class PeerRunner
{
    public const string Python = "/usr/bin/python3";
    public const string OpenBlasOpenMp = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
    private static readonly string[] s_aptPackages = ["python3-torch", "python3-numpy", "python3-sklearn", "libopenblas0-openmp", "python3-onnx"];

    private PeerRunner(string scripts) => Scripts = scripts;

    /// <summary>Folder holding the peer scripts.</summary>
    public string Scripts { get; }

    /// <summary>Finds the scripts and makes sure the Python packages are installed (apt-get as root); null with a message when it cannot.</summary>
    public static PeerRunner? Prepare(TextWriter? log)
    {
        var scripts = FindScripts();
        if (scripts is null)
        {
            log?.WriteLine("myelin bench: the peer scripts (peers/*.py) are not next to the Editor nor in Tests/Benchmarks/peers.");
            return null;
        }
        if (Installed()) return new PeerRunner(scripts);
        if (!IsRoot())
        {
            log?.WriteLine($"myelin bench: the peers need Debian packages that are missing. As root run: apt-get install {string.Join(' ', s_aptPackages)}");
            return null;
        }
        log?.WriteLine($"myelin bench: installing peer packages: apt-get install {string.Join(' ', s_aptPackages)} ...");
        var (code, _, err) = Exec("apt-get", ["install", "-y", "-q", .. s_aptPackages], new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }, TimeSpan.FromMinutes(20));
        if (code != 0)
        {
            Exec("apt-get", ["update", "-q"], null, TimeSpan.FromMinutes(10));
            (code, _, err) = Exec("apt-get", ["install", "-y", "-q", .. s_aptPackages], new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }, TimeSpan.FromMinutes(20));
        }
        if (code == 0 && Installed()) return new PeerRunner(scripts);
        log?.WriteLine($"myelin bench: apt-get install failed ({code}): {Tail(err)}");
        return null;
    }

    /// <summary>Runs every peer of <paramref name="workload"/> and adds its figures to the matching rows.</summary>
    public void Run(string workload, IReadOnlyList<BenchRow> rows, TextWriter? log)
    {
        var data = workload is "W2" or "W3" ? MnistSource.Ensure(log) : "";
        switch (workload)
        {
            case "W1":
                Script(rows, log, "numpy", "w1_numpy.py", 1);
                Script(rows, log, "torch", "w1_torch.py", 1);
                break;
            case "W2":
                foreach (var t in new[] { 1, 2 }) Script(rows, log, $"torch-{t}t", "w2_torch.py", t, "--data", data);
                Script(rows, log, "sklearn-2t", "w2_sklearn.py", 2, "--data", data);
                break;
            case "W3":
                foreach (var t in new[] { 1, 2 }) Script(rows, log, $"torch-{t}t", "w3_torch.py", t, "--data", data);
                break;
            case "W4":
                var onnx = Path.Combine(Path.GetTempPath(), "myelin-w4-mlp.onnx");
                foreach (var t in new[] { 1, 2 }) Script(rows, log, $"torch-{t}t", "w4_torch.py", t, "--onnx", onnx);
                Script(rows, log, "numpy-1t", "w4_numpy.py", 1);
                if (File.Exists(onnx))
                    foreach (var t in new[] { 1, 2 }) Add(rows, $"onnxruntime-{t}t", OnnxRuntimePeer.Run(onnx, t, W4Inference.Batches), log);
                else log?.WriteLine("  W4: no ONNX export (w4_torch.py needs python3-onnx): onnxruntime skipped.");
                break;
            case "W5":
                foreach (var t in new[] { 1, 2 })
                {
                    Script(rows, log, $"numpy-{t}t", "w5_numpy.py", t);
                    Script(rows, log, $"torch-{t}t", "w5_torch.py", t);
                }
                break;
        }
    }

    private void Script(IReadOnlyList<BenchRow> rows, TextWriter? log, string name, string script, int threads, params string[] args)
    {
        var env = new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = OpenBlasOpenMp,
            ["OPENBLAS_CORETYPE"] = "SkylakeX",
            ["MALLOC_MMAP_THRESHOLD_"] = "33554432",
            ["MALLOC_TRIM_THRESHOLD_"] = "4294967296",
            ["OMP_NUM_THREADS"] = threads.ToString(),
            ["OPENBLAS_NUM_THREADS"] = threads.ToString(),
            ["MKL_NUM_THREADS"] = threads.ToString(),
        };
        log?.WriteLine($"  {name}: {script} ...");
        var (code, stdout, stderr) = Exec(Python, [Path.Combine(Scripts, script), "--threads", threads.ToString(), .. args], env, TimeSpan.FromMinutes(30));
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || line is null)
        {
            log?.WriteLine($"  {name}: {script} failed ({code}): {Tail(stderr)}");
            return;
        }
        var results = new Dictionary<string, double>();
        using var doc = JsonDocument.Parse(line);
        foreach (var p in doc.RootElement.GetProperty("results").EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number) results[p.Name] = p.Value.GetDouble();
        Add(rows, name, results, log);
    }

    private static void Add(IReadOnlyList<BenchRow> rows, string peer, IReadOnlyDictionary<string, double> results, TextWriter? log)
    {
        foreach (var r in rows)
            if (results.TryGetValue(r.Key, out var v)) r.Peers[peer] = v;
        log?.WriteLine($"  {peer}: {string.Join(", ", results.Select(kv => $"{kv.Key}={kv.Value:G4}"))}");
    }

    private static bool Installed() =>
        File.Exists(Python) && Directory.Exists(OpenBlasOpenMp)
        && Exec(Python, ["-c", "import numpy, torch, sklearn, onnx"], null, TimeSpan.FromMinutes(2)).Code == 0;

    private static bool IsRoot() => Environment.UserName == "root" || Exec("id", ["-u"], null, TimeSpan.FromSeconds(10)).Stdout.Trim() == "0";

    private static string? FindScripts()
    {
        var next = Path.Combine(AppContext.BaseDirectory, "peers");
        if (File.Exists(Path.Combine(next, "w1_numpy.py"))) return next;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "Benchmarks", "peers");
            if (File.Exists(Path.Combine(candidate, "w1_numpy.py"))) return candidate;
        }
        return null;
    }

    private static string Tail(string text) => text.Length > 600 ? "..." + text[^600..].Trim() : text.Trim();

    private static (int Code, string Stdout, string Stderr) Exec(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (env is not null) foreach (var (k, v) in env) start.Environment[k] = v;
        try
        {
            using var p = Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                return (-1, stdout.Result, $"timed out after {timeout.TotalMinutes:0} min");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", e.Message);
        }
    }
}
