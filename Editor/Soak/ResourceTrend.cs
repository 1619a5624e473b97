using System.Globalization;

namespace Myelin.Editor.Soak;

/// <summary>How one resource moved over a soak run: first and last sample, peak, and the least-squares slope after the warm-up.</summary>
/// <param name="Start">Value at the first sample (just after the scene or simulation was built).</param>
/// <param name="End">Value at the last sample.</param>
/// <param name="Max">Largest sampled value.</param>
/// <param name="SlopePerMinute">Least-squares slope over the samples after the warm-up, units per minute.</param>
public readonly record struct ResourceTrend(double Start, double End, double Max, double SlopePerMinute)
{
    /// <summary>The trend of <paramref name="value"/> over <paramref name="samples"/>, the slope fitted from <paramref name="warmUpMinutes"/> on.</summary>
    public static ResourceTrend Of(IReadOnlyList<ResourceSample> samples, Func<ResourceSample, double> value, double warmUpMinutes)
    {
        if (samples.Count == 0) return default;
        var fitted = samples.Where(s => s.Minutes >= warmUpMinutes).ToArray();
        // A run shorter than its warm-up still reports a slope, over all its samples.
        if (fitted.Length < 2) fitted = [.. samples];
        var slope = TrendLine.Slope(fitted.Select(s => s.Minutes).ToArray(), fitted.Select(value).ToArray());
        return new ResourceTrend(value(samples[0]), value(samples[^1]), samples.Max(value), slope);
    }

    /// <summary>"412.3 -> 415.0 (max 420.1), slope +0.012/min" with <paramref name="format"/> for the values.</summary>
    public string Describe(string format) => string.Create(CultureInfo.InvariantCulture,
        $"{Start.ToString(format, CultureInfo.InvariantCulture)} -> {End.ToString(format, CultureInfo.InvariantCulture)} (max {Max.ToString(format, CultureInfo.InvariantCulture)}), slope {SlopePerMinute:+0.000;-0.000;0.000}/min");
}
