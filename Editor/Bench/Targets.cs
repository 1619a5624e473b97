namespace Myelin.Editor.Bench;

/// <summary>The targets rows are judged by (the performance issue's numbers), as reusable checks.</summary>
internal static class Targets
{
    /// <summary>No managed allocation per step or call.</summary>
    public static BenchRow Allocation(string workload, string metric, double bytes) =>
        new(workload, "bytes", metric, "B", bytes) { Target = "0", Check = r => r.Myelin < 0.5 };

    /// <summary>An accuracy that must reach <paramref name="minimum"/>.</summary>
    public static BenchRow Accuracy(string workload, string key, string metric, double accuracy, double minimum) =>
        new(workload, key, metric, "acc", accuracy) { Target = $"≥ {minimum:0.00}", Check = r => r.Myelin >= minimum };

    /// <summary>A time at most <paramref name="fraction"/> of the best peer whose name starts with <paramref name="peerPrefix"/>.</summary>
    public static Func<BenchRow, bool?> TimeAtMost(string peerPrefix, double fraction) =>
        r => r.RatioToBest(peerPrefix, higherIsBetter: false) is { } ratio ? ratio <= fraction : null;
}
