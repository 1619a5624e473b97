using Myelin.Demos.Digits.Data;
using System.Text.Json;
using Myelin.Backends;
using Myelin.Editor.Bench;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>
/// Runs each workload of <c>myelin bench</c> in its tiny quick form (synthetic MNIST-shaped data,
/// few epochs, small sizes) and checks the JSON it writes: shape and positive figures, no timing
/// thresholds (benchmarks are benchmarks, never timed unit tests).
/// </summary>
public class BenchRunnerTests
{
    private static JsonDocument RunQuick(string workload, Func<IBackend>? backend = null)
    {
        var output = new StringWriter();
        var code = BenchRunner.Run(new BenchOptions
        {
            Workload = workload,
            Json = true,
            Quick = true,
            Backend = backend ?? (() => CpuBackend.Instance),
            Output = output,
            Log = null,
        });
        Assert.That(code, Is.EqualTo(0), output.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "one JSON object per workload");
        return JsonDocument.Parse(lines[0]);
    }

    [TestCase("W1", "time_s")]
    [TestCase("W2", "epoch_s")]
    [TestCase("W3", "epoch_s")]
    [TestCase("W4", "us_b1")]
    [TestCase("W5", "gflops_32")]
    public void QuickRun_WritesOneJsonObjectWithPositiveFigures(string workload, string headlineKey)
    {
        using var doc = RunQuick(workload);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("workload").GetString(), Is.EqualTo(workload));
        Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("cpu"));
        Assert.That(root.GetProperty("threads").GetInt32(), Is.GreaterThan(0));
        Assert.That(root.GetProperty("machine").GetString(), Does.Contain("cores").And.Contain("Vector512"));
        var metrics = root.GetProperty("metrics").EnumerateArray().ToList();
        Assert.That(metrics.Select(m => m.GetProperty("key").GetString()), Does.Contain(headlineKey).And.Contain("bytes"));
        foreach (var m in metrics)
        {
            var key = m.GetProperty("key").GetString();
            Assert.That(m.GetProperty("peers").ValueKind, Is.EqualTo(JsonValueKind.Object), key);
            Assert.That(m.GetProperty("ratio").ValueKind, Is.EqualTo(JsonValueKind.Object), key);
            Assert.That(m.TryGetProperty("target", out _) && m.TryGetProperty("met", out _), key);
            var value = m.GetProperty("myelin");
            Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Number), key);
            if (key is "bytes" or "loss" || key!.StartsWith("acc_", StringComparison.Ordinal))
                Assert.That(value.GetDouble(), Is.GreaterThanOrEqualTo(0), key);
            else
                Assert.That(value.GetDouble(), Is.GreaterThan(0), key);
        }
    }

    [Test]
    public void FmaPeakKernel_ComputesItsTwelveChains()
    {
        // Scalar replay of the twelve chains: the vector loop must do exactly this much work (it is what the peak counts).
        const int iterations = 1000;
        var want = 0.0;
        for (var chain = 0; chain < 12; chain++)
        {
            var a = 0.5f + chain;
            for (var i = 0; i < iterations; i++) a = MathF.FusedMultiplyAdd(a, 0.999_999f, 1e-6f);
            want += 16.0 * a;
        }
        Assert.That(FmaPeak.Kernel(iterations, 0.5f), Is.EqualTo(want).Within(want * 1e-6));
        Assert.That(FmaPeak.FmasPerIteration, Is.EqualTo(12 * 16));
    }

    [Test]
    public void UnknownWorkload_ReturnsUsageError()
    {
        var log = new StringWriter();
        var code = BenchRunner.Run(new BenchOptions { Workload = "W9", Backend = () => CpuBackend.Instance, Output = new StringWriter(), Log = log });
        Assert.That(code, Is.EqualTo(2));
        Assert.That(log.ToString(), Does.Contain("W9"));
    }

    [Test]
    public void UnknownBackend_ReturnsUsageError()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { Assert.That(BenchRunner.Run("W1", json: true, peers: false, backend: "vulkan"), Is.EqualTo(2)); }
        finally { Console.SetError(previous); }
        Assert.That(error.ToString(), Does.Contain("unknown backend 'vulkan'").And.Contain("ilgpu-sim"));
    }

    [Test]
    public void NumpyPermutation_MatchesRandomState42()
    {
        // numpy.random.RandomState(42).permutation(10000)[:8] and [-3:].
        var p = new NumpyRandomState(42).Permutation(10_000);
        Assert.That(p[..8], Is.EqualTo(new[] { 6252, 4684, 1731, 4742, 4521, 6340, 576, 5202 }));
        Assert.That(p[^3..], Is.EqualTo(new[] { 5390, 860, 7270 }));
        Assert.That(p.Order(), Is.EqualTo(Enumerable.Range(0, 10_000)));
    }
}
