using System.Text.Json;
using Myelin.Backends;
using Myelin.Editor;
using Myelin.Editor.Bench;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// <c>myelin bench --backend</c> on the GPU backends this machine has: GL compute on a headless EGL
/// context (llvmpipe here), ILGPU's CPU simulator, and "ilgpu" without CUDA (exit 2, nothing
/// measured). Quick sizes; figures must be positive, never fast.
/// </summary>
public class BenchGpuBackendTests
{
    private static (int Code, List<JsonDocument> Docs, string Log) Run(string workload, Func<IBackend> backend)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var code = BenchRunner.Run(new BenchOptions { Workload = workload, Json = true, Quick = true, Backend = backend, Output = output, Log = log });
        var docs = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToList();
        return (code, docs, log.ToString());
    }

    private static Dictionary<string, double> Metrics(JsonDocument doc) =>
        doc.RootElement.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("myelin").GetDouble());

    private static void SkipWithoutEgl()
    {
        try { BenchBackends.Release(BenchBackends.CreateGlCompute()); }
        catch (BackendUnavailableException e) { Assert.Ignore(e.Message); }
    }

    [TestCase("W5", "gflops_32")]
    [TestCase("W4", "us_b64")]
    [TestCase("W2", "epoch_s")]
    public void GlCompute_QuickRun_HasPositiveFigures(string workload, string headline)
    {
        SkipWithoutEgl();
        var (code, docs, log) = Run(workload, BenchBackends.CreateGlCompute);
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(docs, Has.Count.EqualTo(1));
        var root = docs[0].RootElement;
        Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("gl-compute"));
        Assert.That(root.TryGetProperty("device", out _), Is.True);
        var metrics = Metrics(docs[0]);
        Assert.That(metrics[headline], Is.GreaterThan(0));
        foreach (var (key, value) in metrics.Where(m => m.Key.StartsWith("gflops_") || m.Key.StartsWith("us_b") || m.Key == "epoch_s"))
            Assert.That(value, Is.GreaterThan(0).And.LessThan(double.PositiveInfinity), key);
        if (log.Contains("llvmpipe")) Assert.That(log, Does.Contain("the figures are llvmpipe's"));
    }

    [Test]
    public void GlCompute_TinyW2_LearnsLikeTheCpu()
    {
        SkipWithoutEgl();
        var (cpuCode, cpu, cpuLog) = Run("W2", () => CpuBackend.Instance);
        var (glCode, gl, glLog) = Run("W2", BenchBackends.CreateGlCompute);
        Assert.That(cpuCode, Is.EqualTo(0), cpuLog);
        Assert.That(glCode, Is.EqualTo(0), glLog);
        var cpuAcc = Metrics(cpu[0])["acc_5"];
        var glAcc = Metrics(gl[0])["acc_5"]; // the row key stays acc_5; a quick run evaluates after its 2nd and last epoch
        // Same seed, same data, fp32 on both: the accuracy lands in the same class (within 5 points),
        // and both learned (synthetic quick data: 10 classes, chance is 0.1).
        Assert.That(glAcc, Is.EqualTo(cpuAcc).Within(0.05), $"cpu {cpuAcc}, gl {glAcc}");
        Assert.That(glAcc, Is.GreaterThan(0.3));
    }

    [Test]
    public void Ilgpu_WithoutCuda_ExitsTwoWithTheFallbackMessage()
    {
        if (IlgpuBackend.TryCreateCuda(out var cuda, out _))
        {
            cuda!.Dispose();
            Assert.Ignore("This machine has a CUDA device: the no-CUDA path cannot be exercised.");
        }
        var log = new StringWriter();
        var output = new StringWriter();
        var code = BenchRunner.Run(new BenchOptions { Workload = "W5", Json = true, Backend = BenchBackends.CreateIlgpuCuda, Output = output, Log = log });
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output.ToString(), Is.Empty, "nothing measured");
        Assert.That(log.ToString(), Does.Contain("needs a CUDA device: no CUDA device").And.Contain("--backend ilgpu-sim"));
    }

    [Test]
    public void Ilgpu_ThroughTheCommandLine_ExitsTwoWithoutCuda()
    {
        if (IlgpuBackend.TryCreateCuda(out var cuda, out _))
        {
            cuda!.Dispose();
            Assert.Ignore("This machine has a CUDA device.");
        }
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { Assert.That(Cli.Run(["bench", "W5", "--backend", "ilgpu", "--json"]), Is.EqualTo(2)); }
        finally { Console.SetError(previous); }
        Assert.That(error.ToString(), Does.Contain("needs a CUDA device"));
    }

    [Test]
    public void IlgpuSimulator_QuickW5_Works()
    {
        var (code, docs, log) = Run("W5", BenchBackends.CreateIlgpuSimulator);
        Assert.That(code, Is.EqualTo(0), log);
        Assert.That(log, Does.Contain("CPU simulator"));
        var root = docs[0].RootElement;
        Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("ilgpu-cpu"));
        var metrics = Metrics(docs[0]);
        Assert.That(metrics["gflops_32"], Is.GreaterThan(0));
        Assert.That(metrics["gflops_65"], Is.GreaterThan(0));
    }

    [Test]
    public void IlgpuSimulator_IsForcedToQuickSizes()
    {
        // Without Quick the runner still uses tiny sizes on the simulator: it never benches it at full size.
        var output = new StringWriter();
        var code = BenchRunner.Run(new BenchOptions { Workload = "W5", Json = true, Backend = BenchBackends.CreateIlgpuSimulator, Output = output, Log = null });
        Assert.That(code, Is.EqualTo(0));
        Assert.That(Metrics(JsonDocument.Parse(output.ToString().Trim())).Keys, Is.EquivalentTo(new[] { "gflops_32", "gflops_65", "bytes" }));
    }

    [Test]
    public void PeerResults_AreMergedAndJudgedOnCudaTargets()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file,
            [
                """{"peer": "torch-cuda", "threads": 0, "workload": "W5", "results": {"gflops_32": 2.0, "gflops_4096": 100.0}}""",
                """{"peer": "torch-cuda", "threads": 0, "workload": "W3", "results": {"epoch_s": 9.0}}""",
            ]);
            var rows = new List<BenchRow> { new("W5", "gflops_32", "n = 32", "GFLOP/s", 1.0), new("W5", "epoch_s", "x", "s", 1.0) };
            BenchRunner.MergePeerResults(file, "W5", rows, null);
            Assert.That(rows[0].Peers["torch-cuda"], Is.EqualTo(2.0));
            Assert.That(rows[0].RatioTo("torch-cuda"), Is.EqualTo(0.5));
            Assert.That(rows[1].Peers, Is.Empty, "W3's line is not W5's");
        }
        finally { File.Delete(file); }
    }
}
