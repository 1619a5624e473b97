using System.Diagnostics;
using Myelin.Backends;

namespace Myelin.Editor.Bench;

/// <summary>W5: float32 square matmul through the backend's MatMul on preallocated tensors, median GFLOP/s = 2n³/t.</summary>
internal static class W5MatMul
{
    public static readonly int[] Sizes = [256, 512, 1024, 2048];

    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var rows = new List<BenchRow>();
        var worstBytes = 0.0;
        // Device backends run asynchronously: each timed call ends with a one-element readback, so the
        // clock sees the finished matmul. On llvmpipe (GL compute without a GPU) only n = 256 is run.
        var device = !backend.Name.StartsWith("cpu", StringComparison.Ordinal) && !backend.Name.StartsWith("reference", StringComparison.Ordinal);
        var simulated = backend.Name is "gl-compute" or "ilgpu-cpu";
        Span<float> one = stackalloc float[1];
        int[] sizes = o.Quick ? [32, 65] : simulated ? [256] : device ? [.. Sizes, 4096] : Sizes;
        foreach (var n in sizes)
        {
            var rng = new Rng((ulong)n);
            var a = Tensor.RandomUniform(new Shape(n, n), rng, -1f, 1f, backend);
            var b = Tensor.RandomUniform(new Shape(n, n), rng, -1f, 1f, backend);
            var c = Tensor.Zeros(new Shape(n, n), backend);
            // One call decides the repetitions: slow backends get fewer rather than minutes.
            var clock = Stopwatch.StartNew();
            backend.MatMul(a, b, c, false, false, 1f, 0f);
            if (device) backend.Download(c, one);
            var first = clock.Elapsed.TotalSeconds;
            var budget = o.Quick ? 0.01 : first > 2 ? 0 : 1.0;
            var (seconds, bytes) = Measure.PerCall(() =>
            {
                backend.MatMul(a, b, c, false, false, 1f, 0f);
                if (device) Synchronise(backend, c);
            }, budget, minChunks: first > 2 ? 1 : 5, minChunkSeconds: 0, warmUp: false);
            worstBytes = Math.Max(worstBytes, bytes);
            var gflops = 2.0 * n * n * n / seconds / 1e9;
            var big = n >= 1024;
            rows.Add(new("W5", $"gflops_{n}", $"n = {n}", "GFLOP/s", gflops)
            {
                // Against the best OpenBLAS run (numpy or PyTorch, 1 or 2 threads): a disturbed
                // 2-thread run must not make the target look met.
                Target = big ? $"≥ 1.0 × best openblas, ≥ {0.85 * Targets.FmaPeakTwoCores:0} (85% peak)" : null,
                Check = big ? r => r.RatioToBest("numpy-", true) is { } v1 && r.RatioToBest("torch-", true) is { } v2
                    ? Math.Min(v1, v2) >= 1.0 && r.Myelin >= 0.85 * Targets.FmaPeakTwoCores
                    : r.Myelin >= 0.85 * Targets.FmaPeakTwoCores ? null : false : null,
            });
        }
        rows.Add(Targets.Allocation("W5", "alloc per call (worst)", worstBytes));
        return rows;
    }

    private static void Synchronise(IBackend backend, Tensor c)
    {
        Span<float> one = stackalloc float[1];
        backend.Download(c, one);
    }
}
