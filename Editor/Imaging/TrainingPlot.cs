using Myelin.Training;

namespace Myelin.Editor.Imaging;

/// <summary>
/// Loss and accuracy curves of a training run as an image: loss on the left panel, accuracy on the
/// right (0–100%), training in blue and validation in orange, one point per epoch, light grid
/// lines at quarters. A run without accuracy (regression) leaves the right panel empty.
/// </summary>
public static class TrainingPlot
{
    /// <summary>Training curve colour.</summary>
    public static readonly Rgb Train = Rgb.Hex(0x1F77B4);
    /// <summary>Validation curve colour.</summary>
    public static readonly Rgb Validation = Rgb.Hex(0xFF7F0E);
    /// <summary>Panel background.</summary>
    public static readonly Rgb Background = Rgb.Hex(0xFFFFFF);

    private static readonly Rgb Page = Rgb.Hex(0xF2F2F2);
    private static readonly Rgb Axis = Rgb.Hex(0x404040);
    private const int Margin = 24;

    /// <summary>Draws <paramref name="history"/> on a <paramref name="width"/> × <paramref name="height"/> canvas.</summary>
    public static Canvas Render(IReadOnlyList<EpochResult> history, int width = 960, int height = 360)
    {
        var canvas = new Canvas(width, height);
        canvas.Fill(0, 0, width, height, Page);
        var loss = PanelAt(0, width, height);
        var accuracy = PanelAt(1, width, height);
        var top = history.SelectMany(r => new[] { r.Loss, r.ValidationLoss }).Where(float.IsFinite).DefaultIfEmpty(1f).Max();
        DrawPanel(canvas, loss);
        DrawPanel(canvas, accuracy);
        Curve(canvas, loss, history, r => r.Loss, 0f, top, Train);
        Curve(canvas, loss, history, r => r.ValidationLoss, 0f, top, Validation);
        Curve(canvas, accuracy, history, r => r.Accuracy, 0f, 1f, Train);
        Curve(canvas, accuracy, history, r => r.ValidationAccuracy, 0f, 1f, Validation);
        return canvas;
    }

    /// <summary>The plot area of panel 0 (loss) or 1 (accuracy) of a canvas <paramref name="width"/> wide, in pixels.</summary>
    public static (int X0, int Y0, int X1, int Y1) PanelAt(int index, int width, int height)
    {
        var panelWidth = (width - 3 * Margin) / 2;
        var x0 = Margin + index * (panelWidth + Margin);
        return (x0, Margin, x0 + panelWidth, height - Margin);
    }

    private static void DrawPanel(Canvas canvas, (int X0, int Y0, int X1, int Y1) p)
    {
        canvas.Fill(p.X0, p.Y0, p.X1, p.Y1, Background);
        for (var q = 1; q < 4; q++)
        {
            var y = p.Y0 + (p.Y1 - p.Y0) * q / 4;
            canvas.Line(p.X0, y + 0.5f, p.X1, y + 0.5f, Rgb.Hex(0xDDDDDD), 1f);
        }
        canvas.Line(p.X0 + 0.5f, p.Y0, p.X0 + 0.5f, p.Y1, Axis, 1f);
        canvas.Line(p.X0, p.Y1 - 0.5f, p.X1, p.Y1 - 0.5f, Axis, 1f);
    }

    // One point per epoch from the panel's left edge to its right; missing (NaN) values break the line.
    private static void Curve(Canvas canvas, (int X0, int Y0, int X1, int Y1) p, IReadOnlyList<EpochResult> history,
        Func<EpochResult, float> value, float min, float max, Rgb colour)
    {
        var span = max > min ? max - min : 1f;
        float? lastX = null, lastY = null;
        for (var i = 0; i < history.Count; i++)
        {
            var v = value(history[i]);
            if (!float.IsFinite(v)) { lastX = lastY = null; continue; }
            var x = p.X0 + 2 + (p.X1 - p.X0 - 4) * (history.Count == 1 ? 0.5f : i / (float)(history.Count - 1));
            var y = p.Y1 - 2 - (p.Y1 - p.Y0 - 4) * Math.Clamp((v - min) / span, 0f, 1f);
            if (lastX is { } lx && lastY is { } ly) canvas.Line(lx, ly, x, y, colour, 2f);
            else canvas.Disc(x, y, 2f, colour, colour, 0f);
            lastX = x; lastY = y;
        }
    }
}
