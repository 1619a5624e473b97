using System.Globalization;
using Myelin.Training;
using SkiaSharp;

namespace Myelin.Editor.Imaging;

public static partial class TrainingPlot
{
    private const float SwatchLength = 22, SwatchGap = 6, EntryGap = 18;

    /// <summary>Where the text of a plot lands, in pixels (X1, Y1 exclusive), for tests to check placement.</summary>
    internal readonly record struct TextLayout(
        (int X0, int Y0, int X1, int Y1) LossTitle, (int X0, int Y0, int X1, int Y1) AccuracyTitle,
        (int X0, int Y0, int X1, int Y1) LossAxisLabel, (int X0, int Y0, int X1, int Y1) AccuracyAxisLabel,
        (int X0, int Y0, int X1, int Y1) Legend);

    /// <summary>The text boxes of a <paramref name="width"/> × <paramref name="height"/> plot, with or without a test curve.</summary>
    internal static TextLayout Layout(int width, int height, bool hasTest)
    {
        using var fonts = new Fonts();
        return LayoutOf(fonts, width, height, hasTest);
    }

    private static TextLayout LayoutOf(Fonts fonts, int width, int height, bool hasTest)
    {
        var loss = PanelAt(0, width, height);
        var accuracy = PanelAt(1, width, height);
        var legendWidth = LegendEntries(hasTest).Sum(e => SwatchLength + SwatchGap + fonts.Label.MeasureText(e.Label)) + (hasTest ? EntryGap : 0);
        var legendLeft = accuracy.X1 - legendWidth;
        var metrics = fonts.Label.Metrics;
        return new TextLayout(
            Box(fonts.Title, "Loss", loss.X0, TitleBaseline, SKTextAlign.Left),
            Box(fonts.Title, "Accuracy", accuracy.X0, TitleBaseline, SKTextAlign.Left),
            Box(fonts.Label, "epoch", (loss.X0 + loss.X1) / 2f, loss.Y1 + LabelBaseline, SKTextAlign.Center),
            Box(fonts.Label, "epoch", (accuracy.X0 + accuracy.X1) / 2f, accuracy.Y1 + LabelBaseline, SKTextAlign.Center),
            ((int)MathF.Floor(legendLeft), (int)MathF.Floor(TitleBaseline + metrics.Ascent), accuracy.X1, (int)MathF.Ceiling(TitleBaseline + metrics.Descent)));
    }

    // Ink bounds of one line of text drawn at (x, baseline) with the given alignment.
    private static (int X0, int Y0, int X1, int Y1) Box(SKFont font, string text, float x, float baseline, SKTextAlign align)
    {
        var advance = font.MeasureText(text, out var bounds);
        var left = align switch { SKTextAlign.Center => x - advance / 2f, SKTextAlign.Right => x - advance, _ => x };
        return ((int)MathF.Floor(left + bounds.Left), (int)MathF.Floor(baseline + bounds.Top),
            (int)MathF.Ceiling(left + bounds.Right), (int)MathF.Ceiling(baseline + bounds.Bottom));
    }

    private static (string Label, Rgb Colour)[] LegendEntries(bool hasTest) =>
        hasTest ? [("training", Train), ("test", Validation)] : [("training", Train)];

    // Legend entries left to right from the box's left edge: a short line in the curve's colour, then its name.
    private static void DrawLegend(SKCanvas sk, Fonts fonts, (int X0, int Y0, int X1, int Y1) box, bool hasTest)
    {
        float x = box.X0;
        var middle = TitleBaseline - fonts.Label.Metrics.XHeight / 2f;
        foreach (var (label, colour) in LegendEntries(hasTest))
        {
            using var swatch = new SKPaint { Color = Sk(colour), IsAntialias = true, StrokeWidth = 3, StrokeCap = SKStrokeCap.Round };
            sk.DrawLine(x + 1.5f, middle, x + SwatchLength - 1.5f, middle, swatch);
            x += SwatchLength + SwatchGap;
            Text(sk, label, x, TitleBaseline, SKTextAlign.Left, fonts.Label, Ink);
            x += fonts.Label.MeasureText(label) + EntryGap;
        }
    }

    // 0 up to the first multiple of a round step (1, 2, 2.5 or 5 × 10^k) at or above the highest loss,
    // the smallest such step giving at most eight intervals, so the curves fill most of the panel's
    // height; each label has as many decimals as the step needs.
    internal static (float Value, string Label)[] LossTicks(float top)
    {
        if (!(top > 0f)) top = 1f;
        var magnitude = MathF.Pow(10f, MathF.Floor(MathF.Log10(top / 4f)));
        var step = new[] { 1f, 2f, 2.5f, 5f, 10f }.Select(m => m * magnitude).First(s => s * 8f >= top);
        var count = (int)MathF.Ceiling(top / step - 1e-4f);
        var decimals = 0;
        for (var scaled = step; decimals < 6 && (scaled < 0.999f || MathF.Abs(scaled - MathF.Round(scaled)) > 1e-3f * scaled); scaled *= 10f) decimals++;
        // Past four decimals or five digits the labels outgrow the margin: 5E-05 is shorter than 0.00005.
        var format = decimals > 4 || step >= 1e5f ? "G3" : "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return Enumerable.Range(0, count + 1).Select(i => (i * step, i == 0 ? "0" : (i * step).ToString(format, CultureInfo.InvariantCulture))).ToArray();
    }

    private static readonly (float Value, string Label)[] AccuracyTicks =
        [(0f, "0%"), (0.25f, "25%"), (0.5f, "50%"), (0.75f, "75%"), (1f, "100%")];

    // Epochs at multiples of a round step (1, 2 or 5 × 10^k, about six per axis), plus the first epoch
    // when the first multiple lies at least half a step further on; returned as history indices.
    private static IEnumerable<(int Index, string Label)> EpochTicks(IReadOnlyList<EpochResult> history)
    {
        if (history.Count == 0) yield break;
        var first = history[0].Epoch;
        var last = history[^1].Epoch;
        var step = 1;
        for (var k = 0; step * 6 < last - first; k++) step = k % 3 == 1 ? step * 5 / 2 : step * 2;
        var next = (first + step - 1) / step * step;
        if (next > last || (next - first) * 2 >= step && next != first) yield return (0, first.ToString(CultureInfo.InvariantCulture));
        for (var e = next; e <= last; e += step) yield return (e - first, e.ToString(CultureInfo.InvariantCulture));
    }

    // The plot's three faces (DejaVu Sans via fontconfig, the typeface the scenes use).
    private sealed class Fonts : IDisposable
    {
        private readonly SKTypeface _regular = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Normal) ?? SKTypeface.Default;
        private readonly SKTypeface _bold = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? SKTypeface.Default;

        public Fonts()
        {
            Title = Font(_bold, 16);
            Label = Font(_regular, 13);
            Tick = Font(_regular, 12);
        }

        public SKFont Title { get; }
        public SKFont Label { get; }
        public SKFont Tick { get; }

        // Half the height of a digit: added to a tick's y, it centres the value on the tick.
        public float TickMiddle => Tick.Metrics.CapHeight / 2f;

        public void Dispose()
        {
            Title.Dispose(); Label.Dispose(); Tick.Dispose();
            _regular.Dispose(); _bold.Dispose();
        }

        private static SKFont Font(SKTypeface face, float size) =>
            new(face, size) { Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.Slight, Subpixel = true };
    }
}
