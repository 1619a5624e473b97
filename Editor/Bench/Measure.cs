using System.Diagnostics;

namespace Myelin.Editor.Bench;

/// <summary>Timing and allocation helpers shared by the workloads.</summary>
internal static class Measure
{
    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Median seconds per call of <paramref name="call"/>: calls are grouped in chunks long enough
    /// for the clock (≥ <paramref name="minChunkSeconds"/>), and chunks are timed until
    /// <paramref name="budgetSeconds"/> has passed (at least <paramref name="minChunks"/>).
    /// A zero <paramref name="minChunkSeconds"/> times single calls with no calibration call.
    /// Also returns the bytes this thread allocated per call over the timed chunks.
    /// <paramref name="sync"/> (a GPU backend's wait) ends every timed chunk, so queued work is counted.
    /// </summary>
    public static (double SecondsPerCall, double BytesPerCall) PerCall(Action call, double budgetSeconds, int minChunks = 5, double minChunkSeconds = 1e-3, bool warmUp = true, Action? sync = null)
    {
        var clock = Stopwatch.StartNew();
        // The JIT promotes hot code to tier 1 in the background, later on a loaded machine: time
        // steady state, as a game sees it after its first second.
        if (warmUp)
            do call(); while (clock.Elapsed.TotalSeconds < Math.Min(0.5, budgetSeconds));
        sync?.Invoke();
        var perChunk = 1;
        while (minChunkSeconds > 0)
        {
            var start = clock.Elapsed.TotalSeconds;
            for (var i = 0; i < perChunk; i++) call();
            sync?.Invoke();
            var elapsed = clock.Elapsed.TotalSeconds - start;
            if (elapsed >= minChunkSeconds || perChunk >= 1 << 24) break;
            perChunk *= elapsed <= 0 ? 16 : Math.Clamp((int)Math.Ceiling(minChunkSeconds / elapsed * 1.2), 2, 16);
        }
        var times = new List<double>(256);
        long calls = 0, bytes = 0;
        var budgetStart = clock.Elapsed.TotalSeconds;
        while (times.Count < minChunks || clock.Elapsed.TotalSeconds - budgetStart < budgetSeconds)
        {
            // Only the calls are counted: the list of times may grow between chunks.
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perChunk; i++) call();
            sync?.Invoke();
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            bytes += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            times.Add(seconds / perChunk);
            calls += perChunk;
        }
        return (Median(times), (double)bytes / calls);
    }
}
