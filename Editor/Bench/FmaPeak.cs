using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Myelin.Editor.Bench;

/// <summary>
/// The machine's fp32 FMA peak, measured in the run that is judged by it: each thread runs
/// <see cref="Kernel"/>, twelve independent 16-lane FMA chains (enough to cover the latency of two
/// 512-bit FMA pipes), and the best of a few rounds counts. The issue's "85% of the measured FMA
/// peak" is judged against this figure, not a constant from another machine: a 414
/// GFLOP/s is a Zen 5 with two 512-bit FMA pipes per core; a Zen 4 VM issues one per cycle.
/// </summary>
internal static class FmaPeak
{
    /// <summary>FMAs per <see cref="Kernel"/> iteration: 12 chains of 16 lanes.</summary>
    public const int FmasPerIteration = Chains * 16;

    private const int Chains = 12;

    /// <summary>Peak GFLOP/s (2 flops per FMA) over <paramref name="threads"/> threads.</summary>
    public static double Measure(int threads, int rounds = 5, int iterations = 20_000_000)
    {
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            using var start = new Barrier(threads + 1);
            var workers = new Thread[threads];
            for (var t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() => { start.SignalAndWait(); Kernel(iterations, 1f); }) { IsBackground = true };
                workers[t].Start();
            }
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            foreach (var w in workers) w.Join();
            var seconds = clock.Elapsed.TotalSeconds;
            best = Math.Max(best, 2.0 * FmasPerIteration * iterations * threads / seconds / 1e9);
        }
        return best;
    }

    /// <summary>
    /// <paramref name="iterations"/> steps of acc = acc·m + c on twelve vectors started at
    /// <paramref name="seed"/> + chain; returns the sum of every lane (so the loop cannot be dropped).
    /// </summary>
    public static float Kernel(int iterations, float seed)
    {
        var m = Vector512.Create(0.999_999f);
        var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(seed), a1 = Vector512.Create(seed + 1), a2 = Vector512.Create(seed + 2), a3 = Vector512.Create(seed + 3);
        Vector512<float> a4 = Vector512.Create(seed + 4), a5 = Vector512.Create(seed + 5), a6 = Vector512.Create(seed + 6), a7 = Vector512.Create(seed + 7);
        Vector512<float> a8 = Vector512.Create(seed + 8), a9 = Vector512.Create(seed + 9), a10 = Vector512.Create(seed + 10), a11 = Vector512.Create(seed + 11);
        for (var i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
