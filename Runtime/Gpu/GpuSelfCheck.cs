using Myelin.Backends;

namespace Myelin.Gpu;

/// <summary>
/// Runs every primitive of a backend against <see cref="ReferenceBackend"/> on seeded random data and
/// reports the largest error of each — the `myelin gpu-check` command on a GPU machine, and a quick
/// check of the CPU simulator in tests. Sizes include the awkward ones (1, 7, 33, 65) and, unless
/// <c>small</c>, tiles-plus-one (1025).
/// </summary>
public sealed partial class GpuSelfCheck
{
    /// <summary>Relative tolerance for float results: |d − r| ≤ Tolerance·(1 + |r|).</summary>
    public const double Tolerance = 1e-4;

    private readonly IBackend _device;
    private readonly IBackend _reference = ReferenceBackend.Instance;
    private readonly bool _small;
    private readonly Rng _rng = new(1234);
    private readonly List<GpuCheckResult> _results = [];

    private GpuSelfCheck(IBackend device, bool small)
    {
        _device = device;
        _small = small;
    }

    /// <summary>Checks every primitive of <paramref name="device"/>; <paramref name="small"/> keeps shapes tiny (simulators).</summary>
    public static IReadOnlyList<GpuCheckResult> Run(IBackend device, bool small)
    {
        var check = new GpuSelfCheck(device, small);
        check.CheckElementwise();
        check.CheckBroadcastAndReduce();
        check.CheckMatMul();
        check.CheckWindows();
        check.CheckRows();
        check.CheckOptimizers();
        return check._results;
    }

    /// <summary>Prints one PASS/FAIL line per check and a summary; returns 0 when all pass.</summary>
    public static int Report(IReadOnlyList<GpuCheckResult> results, TextWriter log)
    {
        var failed = 0;
        foreach (var r in results)
        {
            if (!r.Passed) failed++;
            log.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Name,-44} max error {r.MaxError:E2} (tolerance {r.Tolerance:E0})");
        }
        log.WriteLine($"{results.Count - failed}/{results.Count} checks passed.");
        return failed == 0 ? 0 : 1;
    }

    // A tensor with the same random values on the reference and on the device.
    private (Tensor R, Tensor D) Pair(in Shape shape, float low = -2f, float high = 2f)
    {
        var r = Tensor.RandomUniform(shape, _rng, low, high, _reference);
        return (r, r.To(_device));
    }

    private (Tensor R, Tensor D) Pair(float[] values, in Shape shape)
    {
        var r = Tensor.FromArray(values, shape, _reference);
        return (r, r.To(_device));
    }

    private void Compare(string name, Tensor reference, Tensor device, double tolerance = Tolerance)
    {
        var r = reference.ToArray();
        var d = device.ToArray();
        double max = 0;
        for (var i = 0; i < r.Length; i++)
        {
            var e = r[i] == d[i] ? 0 : Math.Abs(d[i] - (double)r[i]) / (1 + Math.Abs((double)r[i]));
            if (double.IsNaN(e)) e = double.PositiveInfinity;
            max = Math.Max(max, e);
        }
        _results.Add(new GpuCheckResult(name, max, tolerance));
    }
}
