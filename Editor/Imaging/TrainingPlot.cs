using Myelin.Training;
using SkiaSharp;

namespace Myelin.Editor.Imaging;

/// <summary>
/// Loss and accuracy curves of a training run as an image, drawn with SkiaSharp: a "Loss" panel on
/// the left (y from 0 to a round value above the highest loss) and an "Accuracy" panel on the right
/// (0–100%), training in blue and test in orange, one point per epoch, with tick values, an "epoch"
/// axis label and a legend in the header. A run without accuracy (regression) says so in the right panel.
/// </summary>
public static partial class TrainingPlot
{
    /// <summary>Training curve colour.</summary>
    public static readonly Rgb Train = Rgb.Hex(0x1F77B4);
    /// <summary>Validation curve colour.</summary>
    public static readonly Rgb Validation = Rgb.Hex(0xFF7F0E);
    /// <summary>Panel background.</summary>
    public static readonly Rgb Background = Rgb.Hex(0xFFFFFF);

    private static readonly Rgb Page = Rgb.Hex(0xF2F2F2);
    private static readonly Rgb Axis = Rgb.Hex(0x404040);
    private static readonly Rgb Ink = Rgb.Hex(0x202020);
    private static readonly Rgb Grid = Rgb.Hex(0xDDDDDD);

    // Room around the panels: the header holds titles and legend, the left and gap columns the y tick
    // values, the footer the x tick values and the "epoch" label.
    private const int Header = 40, Footer = 44, Left = 52, Gap = 60, Right = 12;
    private const float TitleBaseline = 26, TickBaseline = 16, LabelBaseline = 36;

    /// <summary>Draws <paramref name="history"/> on a <paramref name="width"/> × <paramref name="height"/> canvas.</summary>
    public static Canvas Render(IReadOnlyList<EpochResult> history, int width = 960, int height = 360)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var sk = new SKCanvas(bitmap))
        using (var fonts = new Fonts())
        {
            sk.Clear(Sk(Page));
            var loss = PanelAt(0, width, height);
            var accuracy = PanelAt(1, width, height);
            var top = history.SelectMany(r => new[] { r.Loss, r.ValidationLoss }).Where(float.IsFinite).DefaultIfEmpty(1f).Max();
            var lossTicks = LossTicks(top);
            var hasAccuracy = history.Any(r => float.IsFinite(r.Accuracy) || float.IsFinite(r.ValidationAccuracy));

            DrawPanel(sk, fonts, loss, "Loss", lossTicks, history);
            DrawPanel(sk, fonts, accuracy, "Accuracy", AccuracyTicks, history);
            var max = lossTicks[^1].Value;
            Curve(sk, loss, history, r => r.Loss, max, Train);
            Curve(sk, loss, history, r => r.ValidationLoss, max, Validation);
            Curve(sk, accuracy, history, r => r.Accuracy, 1f, Train);
            Curve(sk, accuracy, history, r => r.ValidationAccuracy, 1f, Validation);
            if (!hasAccuracy)
                Text(sk, "no accuracy for this loss", (accuracy.X0 + accuracy.X1) / 2f, (accuracy.Y0 + accuracy.Y1) / 2f, SKTextAlign.Center, fonts.Tick, Axis);
            DrawLegend(sk, fonts, LayoutOf(fonts, width, height, HasTest(history)).Legend, HasTest(history));
        }
        return ToCanvas(bitmap);
    }

    /// <summary>The plot area of panel 0 (loss) or 1 (accuracy) of a canvas <paramref name="width"/> wide, in pixels.</summary>
    public static (int X0, int Y0, int X1, int Y1) PanelAt(int index, int width, int height)
    {
        var panelWidth = (width - Left - Gap - Right) / 2;
        var x0 = Left + index * (panelWidth + Gap);
        return (x0, Header, x0 + panelWidth, height - Footer);
    }

    private static void DrawPanel(SKCanvas sk, Fonts fonts, (int X0, int Y0, int X1, int Y1) p, string title, (float Value, string Label)[] yTicks,
        IReadOnlyList<EpochResult> history)
    {
        using (var fill = new SKPaint { Color = Sk(Background) }) sk.DrawRect(SKRect.Create(p.X0, p.Y0, p.X1 - p.X0, p.Y1 - p.Y0), fill);
        using var grid = new SKPaint { Color = Sk(Grid), StrokeWidth = 1 };
        using var axis = new SKPaint { Color = Sk(Axis), StrokeWidth = 1 };
        var max = yTicks[^1].Value;
        foreach (var (value, label) in yTicks)
        {
            var y = MathF.Round(Y(p, value, max)) + 0.5f;
            if (value > 0f) sk.DrawLine(p.X0, y, p.X1, y, grid);
            sk.DrawLine(p.X0 - 4, y, p.X0, y, axis);
            Text(sk, label, p.X0 - 7, y + fonts.TickMiddle, SKTextAlign.Right, fonts.Tick, Axis);
        }
        foreach (var (index, label) in EpochTicks(history))
        {
            var x = MathF.Round(X(p, index, history.Count)) + 0.5f;
            sk.DrawLine(x, p.Y1, x, p.Y1 + 4, axis);
            Text(sk, label, x, p.Y1 + TickBaseline, SKTextAlign.Center, fonts.Tick, Axis);
        }
        sk.DrawLine(p.X0 + 0.5f, p.Y0, p.X0 + 0.5f, p.Y1, axis);
        sk.DrawLine(p.X0, p.Y1 - 0.5f, p.X1, p.Y1 - 0.5f, axis);
        Text(sk, title, p.X0, TitleBaseline, SKTextAlign.Left, fonts.Title, Ink);
        Text(sk, "epoch", (p.X0 + p.X1) / 2f, p.Y1 + LabelBaseline, SKTextAlign.Center, fonts.Label, Ink);
    }

    // One point per epoch from the panel's left edge to its right; missing (NaN) values break the line.
    private static void Curve(SKCanvas sk, (int X0, int Y0, int X1, int Y1) p, IReadOnlyList<EpochResult> history,
        Func<EpochResult, float> value, float max, Rgb colour)
    {
        // Round caps on each segment join consecutive segments as smoothly as a stroked path would.
        using var stroke = new SKPaint { Color = Sk(colour), IsAntialias = true, StrokeWidth = 2, StrokeCap = SKStrokeCap.Round };
        SKPoint? last = null;
        for (var i = 0; i < history.Count; i++)
        {
            var v = value(history[i]);
            if (!float.IsFinite(v)) { last = null; continue; }
            var point = new SKPoint(X(p, i, history.Count), Y(p, Math.Clamp(v, 0f, max), max));
            if (last is { } from) sk.DrawLine(from, point, stroke);
            else sk.DrawCircle(point, 2f, stroke);
            last = point;
        }
    }

    private static float X((int X0, int Y0, int X1, int Y1) p, int index, int count) =>
        p.X0 + 2 + (p.X1 - p.X0 - 4) * (count <= 1 ? 0.5f : index / (float)(count - 1));

    private static float Y((int X0, int Y0, int X1, int Y1) p, float value, float max) =>
        p.Y1 - 2 - (p.Y1 - p.Y0 - 4) * (max > 0f ? value / max : 0f);

    private static bool HasTest(IReadOnlyList<EpochResult> history) =>
        history.Any(r => float.IsFinite(r.ValidationLoss) || float.IsFinite(r.ValidationAccuracy));

    private static void Text(SKCanvas sk, string text, float x, float baseline, SKTextAlign align, SKFont font, Rgb colour)
    {
        using var paint = new SKPaint { Color = Sk(colour), IsAntialias = true };
        sk.DrawText(text, x, baseline, align, font, paint);
    }

    private static SKColor Sk(Rgb c) => new(c.R, c.G, c.B);

    // The bitmap is opaque, so its premultiplied RGBA is plain RGBA: drop alpha into the canvas Png.Write takes.
    private static Canvas ToCanvas(SKBitmap bitmap)
    {
        var canvas = new Canvas(bitmap.Width, bitmap.Height);
        var rgba = bitmap.GetPixelSpan();
        for (int p = 0, n = bitmap.Width * bitmap.Height; p < n; p++)
        {
            canvas.Pixels[p * 3] = rgba[p * 4];
            canvas.Pixels[p * 3 + 1] = rgba[p * 4 + 1];
            canvas.Pixels[p * 3 + 2] = rgba[p * 4 + 2];
        }
        return canvas;
    }
}
