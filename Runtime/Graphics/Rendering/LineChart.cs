using System.Numerics;
using Myelin.Graphics.Ui;

namespace Myelin.Graphics.Rendering;

/// <summary>
/// A line chart of several series (loss, accuracy...) kept in fixed-capacity ring buffers: the
/// newest <see cref="Capacity"/> values of each series, newest at the right edge. The y range fits
/// the visible data (unless fixed) and snaps to round tick steps; ticks, grid, axis labels, title
/// and legend are drawn with the chart. Pushing and drawing allocate nothing.
/// </summary>
public sealed class LineChart
{
    private static readonly string[] s_fixedFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6"];

    private readonly List<Series> _series = [];
    private readonly Vector2[] _points;
    private readonly TextBuilder _label = new();

    /// <summary>Creates a chart keeping the last <paramref name="capacity"/> values of each series.</summary>
    public LineChart(int capacity = 300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _points = new Vector2[capacity];
    }

    /// <summary>Values kept per series.</summary>
    public int Capacity { get; }

    /// <summary>Heading drawn top-left.</summary>
    public string Title { get; set; } = "";

    /// <summary>Label under the x axis (e.g. "step").</summary>
    public string XLabel { get; set; } = "";

    /// <summary>Label above the y axis (e.g. "loss").</summary>
    public string YLabel { get; set; } = "";

    /// <summary>
    /// X-axis units per pushed value (e.g. 25 when a value is pushed every 25 training steps), so the
    /// axis reads in <see cref="XLabel"/>'s units rather than in samples.
    /// </summary>
    public float XPerSample { get; set; } = 1;

    /// <summary>Fixed lower y bound, or null to fit the data.</summary>
    public float? MinY { get; set; }

    /// <summary>Fixed upper y bound, or null to fit the data.</summary>
    public float? MaxY { get; set; }

    /// <summary>Adds a series drawn in <paramref name="color"/>; returns its index for <see cref="Push"/>.</summary>
    public int AddSeries(string name, Color32 color)
    {
        _series.Add(new Series(name, color, Capacity));
        return _series.Count - 1;
    }

    /// <summary>Appends <paramref name="value"/> to series <paramref name="series"/>, dropping its oldest when full. Non-finite values are skipped.</summary>
    public void Push(int series, float value)
    {
        if (!float.IsFinite(value)) return;
        var s = _series[series];
        s.Values[s.Head] = value;
        s.Head = (s.Head + 1) % Capacity;
        s.Count = Math.Min(s.Count + 1, Capacity);
        s.Total++;
    }

    /// <summary>Values in series <paramref name="series"/> (at most <see cref="Capacity"/>).</summary>
    public int Count(int series) => _series[series].Count;

    /// <summary>The newest value of series <paramref name="series"/> (NaN when empty).</summary>
    public float Latest(int series)
    {
        var s = _series[series];
        return s.Count == 0 ? float.NaN : s.Values[(s.Head - 1 + Capacity) % Capacity];
    }

    /// <summary>Empties every series.</summary>
    public void Clear()
    {
        foreach (var s in _series) { s.Count = 0; s.Head = 0; s.Total = 0; }
    }

    /// <summary>Draws the chart, axes and labels inside <paramref name="bounds"/>.</summary>
    public void Draw(Batch2D batch, TextRenderer text, RectF bounds, UiStyle? style = null)
    {
        style ??= UiStyle.Dark;
        var line = text.LineHeight();
        var top = bounds.Y;
        if (Title.Length > 0) text.Draw(batch, Title, bounds.X, top, style.Text);
        // The legend sits right of the title when both fit on the line, otherwise on its own line below.
        var titleRight = Title.Length > 0 ? bounds.X + text.Measure(Title) + 16 : bounds.X;
        if (titleRight + LegendWidth(text) > bounds.Right) top += line + 2;
        DrawLegend(batch, text, bounds.Right, top, style);
        top += line + 4;
        if (YLabel.Length > 0) text.Draw(batch, YLabel, bounds.X, top, style.TextDim);
        top += YLabel.Length > 0 ? line : 0;

        var (low, high) = Range();
        // As many ticks (up to 5) as fit a line of text apart, so a short chart's labels never collide.
        var bottomBand = line + (XLabel.Length > 0 ? line : 0) + 4;
        var plotHeight = bounds.Bottom - bottomBand - top - line * 0.5f;
        var step = NiceStep((high - low) / 4);
        float min, max;
        for (var tries = 0; ; tries++)
        {
            min = MinY ?? MathF.Floor(low / step) * step;
            max = MaxY ?? MathF.Ceiling(high / step) * step;
            if (max <= min) max = min + step;
            // Two intervals always fit (a range straddling 0 never gets fewer); the cap is a guard.
            if ((max - min) / step * line <= plotHeight || (max - min) / step <= 2.001f || tries == 8) break;
            step = NiceStep(step * 1.01f);
        }
        var format = s_fixedFormats[Math.Clamp((int)MathF.Ceiling(-MathF.Log10(step)), 0, s_fixedFormats.Length - 1)];

        var labelWidth = Math.Max(text.Measure(_label.Clear().Append(min, format).Span), text.Measure(_label.Clear().Append(max, format).Span));
        var plot = new RectF(bounds.X + labelWidth + 10, top + line * 0.5f, bounds.Width - labelWidth - 10, bounds.Bottom - bottomBand - top - line * 0.5f);
        if (plot.Width < 8 || plot.Height < 8) return;

        var lastLabel = float.MaxValue;
        for (var v = min; v <= max + step * 0.001f; v += step)
        {
            var y = MathF.Round(plot.Bottom - (v - min) / (max - min) * plot.Height);
            batch.FillRect(plot.X, y, plot.Width, 1, style.Border);
            // A label a line clear of the one below it, or none: a very short chart keeps its grid lines only.
            if (lastLabel - y < line) continue;
            text.Draw(batch, _label.Clear().Append(v, format).Span, plot.X - 8, y - line * 0.5f, style.TextDim, align: TextAlign.Right);
            lastLabel = y;
        }
        batch.FillRect(plot.X, plot.Y, 1, plot.Height + 1, style.Border);

        // The x axis spans the values held (up to Capacity), so a young history fills the plot
        // instead of sitting in its right part under a "0" label that belongs to the left edge.
        long newest = 0;
        var span = 2;
        foreach (var s in _series) span = Math.Max(span, s.Count);
        foreach (var s in _series)
        {
            newest = Math.Max(newest, s.Total);
            if (s.Count < 2) continue;
            var dx = plot.Width / (span - 1);
            for (var i = 0; i < s.Count; i++)
            {
                var value = s.Values[(s.Head - s.Count + i + Capacity) % Capacity];
                var x = plot.Right - (s.Count - 1 - i) * dx;
                var y = plot.Bottom - Math.Clamp((value - min) / (max - min), 0, 1) * plot.Height;
                _points[i] = new Vector2(x, y);
            }
            batch.Polyline(_points.AsSpan(0, s.Count), 2f, s.Color);
        }

        var axisY = plot.Bottom + 4;
        text.Draw(batch, _label.Clear().Append((long)(Math.Max(0, newest - span) * XPerSample)).Span, plot.X, axisY, style.TextDim);
        text.Draw(batch, _label.Clear().Append((long)(newest * XPerSample)).Span, plot.Right, axisY, style.TextDim, align: TextAlign.Right);
        if (XLabel.Length > 0) text.Draw(batch, XLabel, plot.X + plot.Width * 0.5f, axisY + line, style.TextDim, align: TextAlign.Center);
    }

    private float LegendWidth(TextRenderer text)
    {
        var width = 0f;
        foreach (var s in _series) width += text.Measure(s.Name) + 28;
        return width;
    }

    private void DrawLegend(Batch2D batch, TextRenderer text, float right, float top, UiStyle style)
    {
        var x = right;
        var line = text.LineHeight();
        for (var i = _series.Count - 1; i >= 0; i--)
        {
            var s = _series[i];
            x -= text.Measure(s.Name);
            text.Draw(batch, s.Name, x, top, style.TextDim);
            x -= 14;
            batch.FillRoundedRect(new RectF(x, top + line * 0.5f - 4, 9, 9), 2, s.Color);
            x -= 14;
        }
    }

    private (float Min, float Max) Range()
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var s in _series)
            for (var i = 0; i < s.Count; i++)
            {
                min = Math.Min(min, s.Values[i]);
                max = Math.Max(max, s.Values[i]);
            }
        if (min > max) (min, max) = (0, 1);
        if (MinY is { } fixedMin) min = fixedMin;
        if (MaxY is { } fixedMax) max = fixedMax;
        if (max - min < 1e-6f) { min -= 0.5f; max += 0.5f; }
        return (min, max);
    }

    // 1, 2 or 5 times a power of ten, at least raw.
    private static float NiceStep(float raw)
    {
        var power = MathF.Pow(10, MathF.Floor(MathF.Log10(raw)));
        var f = raw / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    private sealed class Series(string name, Color32 color, int capacity)
    {
        public readonly string Name = name;
        public readonly Color32 Color = color;
        public readonly float[] Values = new float[capacity];
        public int Head, Count;
        public long Total;
    }
}
