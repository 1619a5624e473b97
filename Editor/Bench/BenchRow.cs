namespace Myelin.Editor.Bench;

/// <summary>
/// One measured figure of a workload: Myelin's value, each peer's value under the same key, and
/// the target it is judged by. Ratios are always Myelin / peer (times: below 1 is faster; rates:
/// above 1 is faster).
/// </summary>
internal sealed class BenchRow(string workload, string key, string metric, string unit, double myelin)
{
    /// <summary>"W1".."W5".</summary>
    public string Workload { get; } = workload;
    /// <summary>Key the peer scripts report this figure under ("epoch_s", "us_b64", "gflops_1024").</summary>
    public string Key { get; } = key;
    /// <summary>Readable name ("median epoch").</summary>
    public string Metric { get; } = metric;
    /// <summary>"s", "µs", "GFLOP/s", "B/step", "acc".</summary>
    public string Unit { get; } = unit;
    /// <summary>Myelin's figure.</summary>
    public double Myelin { get; } = myelin;
    /// <summary>Peer name ("torch-2t") → figure, filled in by the peer runner.</summary>
    public SortedDictionary<string, double> Peers { get; } = new(StringComparer.Ordinal);
    /// <summary>The target as text ("≤ 1/30 × numpy"), or null when the figure is informational.</summary>
    public string? Target { get; init; }
    /// <summary>Judges the target: null when a needed peer is missing.</summary>
    public Func<BenchRow, bool?>? Check { get; init; }

    /// <summary>Myelin / peer for every peer with a non-zero figure.</summary>
    public IEnumerable<(string Peer, double Ratio)> Ratios() =>
        Peers.Where(p => p.Value != 0).Select(p => (p.Key, Myelin / p.Value));

    /// <summary>Myelin / peer, or null when the peer did not run.</summary>
    public double? RatioTo(string peer) => Peers.TryGetValue(peer, out var v) && v != 0 ? Myelin / v : null;

    /// <summary>Myelin / the best (lowest for times, highest for rates) of the peers whose name starts with <paramref name="prefix"/>.</summary>
    public double? RatioToBest(string prefix, bool higherIsBetter)
    {
        var values = Peers.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value > 0).Select(p => p.Value).ToList();
        if (values.Count == 0) return null;
        return Myelin / (higherIsBetter ? values.Max() : values.Min());
    }

    /// <summary>Whether the target is met; null when informational or a peer is missing.</summary>
    public bool? Met => Check?.Invoke(this);
}
