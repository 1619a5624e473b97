namespace Myelin.Editor.Soak;

/// <summary>Least-squares straight lines through (t, y) points: the drift of a resource over a soak run.</summary>
public static class TrendLine
{
    /// <summary>
    /// Slope of the least-squares line through (<paramref name="t"/>[i], <paramref name="y"/>[i]):
    /// Σ(t−t̄)(y−ȳ) / Σ(t−t̄)², in y units per t unit; 0 for fewer than two distinct t.
    /// </summary>
    public static double Slope(ReadOnlySpan<double> t, ReadOnlySpan<double> y)
    {
        if (t.Length != y.Length) throw new ArgumentException($"t has {t.Length} points but y has {y.Length}.", nameof(y));
        if (t.Length < 2) return 0;
        double tMean = 0, yMean = 0;
        for (var i = 0; i < t.Length; i++) { tMean += t[i]; yMean += y[i]; }
        tMean /= t.Length;
        yMean /= t.Length;
        double covariance = 0, spread = 0;
        for (var i = 0; i < t.Length; i++)
        {
            var dt = t[i] - tMean;
            covariance += dt * (y[i] - yMean);
            spread += dt * dt;
        }
        return spread > 0 ? covariance / spread : 0;
    }
}
