using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;

namespace Myelin.Demos.Xor;

public sealed partial class XorScene
{
    private const float Extent = 6f;
    // Three significant digits: a trained net's loss of 0.00042 still reads, where "F3" showed 0.000.
    private const string LossFormat = "G3";

    /// <summary>Where the big output heatmap is drawn (pixels).</summary>
    public static RectF OutputRect => new(700, 16, 340, 340);

    /// <inheritdoc />
    public void Render(SceneContext c)
    {
        var ui = c.Ui;
        c.Clear(ui.Style.Background);
        EvaluateOnGpu();
        if (_raceMode) UploadRaceGrids();
        else if (c.Frame.Index % 4 == 0) UploadNeuronGrids();

        DataPanel(c);
        var controls = NetworkPanel(c, 268, 416);
        var area = new RectF(268, controls.Bottom + 10, 416, 704 - controls.Bottom - 10);
        if (_raceMode) DrawRace(c, area);
        else DrawNetwork(c, area);
        DrawOutput(c);
        TrainingPanel(c, 1056);
        Paint(c);
    }

    private void UploadNeuronGrids()
    {
        _playground.EvaluateNeuronGrids(NeuronResolution);
        var t = 0;
        for (var f = 0; f < _playground.FeatureCount; f++) _neuronTextures[t++].Upload(_playground.FeatureGrid(NeuronResolution, f), Silk.NET.OpenGL.PixelFormat.Red, Silk.NET.OpenGL.PixelType.Float);
        for (var l = 0; l <= _playground.LayerCount; l++)
        {
            var neurons = l < _playground.LayerCount ? _playground.Settings.Layers[l].Neurons : 1;
            for (var n = 0; n < neurons; n++)
                _neuronTextures[t++].Upload(_playground.NeuronGrid(NeuronResolution, l, n), Silk.NET.OpenGL.PixelFormat.Red, Silk.NET.OpenGL.PixelType.Float);
        }
    }

    private void UploadRaceGrids()
    {
        if (_race is null) return;
        for (var i = 0; i < 4; i++)
        {
            _race.Lanes[i].EvaluateGrid(OutputResolution, _upload);
            _raceTextures[i].Upload<float>(_upload, Silk.NET.OpenGL.PixelFormat.Red, Silk.NET.OpenGL.PixelType.Float);
        }
    }

    private void DrawNetwork(SceneContext c, RectF area)
    {
        var b = c.Batch;
        var style = c.Ui.Style;
        c.Ui.Panel(area);
        var columns = _playground.LayerCount + 2;
        const float box = 30f;
        var dx = (area.Width - 40 - box) / Math.Max(1, columns - 1);
        // Neuron centres: column 0 features, then hidden layers, then the output.
        Span<float> ys = stackalloc float[PlaygroundSettings.MaxNeurons + 8];
        Span<float> previousYs = stackalloc float[PlaygroundSettings.MaxNeurons + 8];
        var previousCount = 0;
        var texture = 0;
        for (var col = 0; col < columns; col++)
        {
            var count = col == 0 ? _playground.FeatureCount : col <= _playground.LayerCount ? _playground.Settings.Layers[col - 1].Neurons : 1;
            var x = area.X + 20 + col * dx;
            var spacing = MathF.Min(52f, (area.Height - 70) / Math.Max(1, count));
            var top = area.Y + 50 + (area.Height - 70 - spacing * count) / 2;
            for (var n = 0; n < count; n++) ys[n] = top + spacing * n + spacing / 2;
            if (col > 0)
            {
                var weights = _playground.Weights(col - 1);
                var maxW = 0f;
                foreach (var w in weights) maxW = MathF.Max(maxW, MathF.Abs(w));
                for (var i = 0; i < previousCount; i++)
                    for (var o = 0; o < count; o++)
                    {
                        var w = weights[i * count + o];
                        var width = 0.5f + 4f * MathF.Abs(w) / MathF.Max(1e-6f, maxW);
                        b.Line(x - dx + box, previousYs[i], x, ys[o], width, (w >= 0 ? Positive : Negative).WithAlpha(0.65f));
                    }
            }
            for (var n = 0; n < count; n++)
            {
                var r = new RectF(x, ys[n] - box / 2, box, box);
                b.Heatmap(_neuronTextures[texture++], r, ColorMap.Diverging, -1, 1);
                b.StrokeRect(r, 1, style.Border);
            }
            _text.Clear();
            if (col == 0) _text.Append("features");
            else if (col <= _playground.LayerCount) _text.Append("layer ").Append(col).Append(" (").Append(count).Append(')');
            else _text.Append("output");
            c.Text.Draw(b, _text.Span, x + box / 2, area.Y + 16, col == _editLayer && col <= _playground.LayerCount ? style.Accent : style.TextDim, align: TextAlign.Center);
            ys[..count].CopyTo(previousYs);
            previousCount = count;
        }
        _text.Clear().Append(_playground.ParameterCount).Append(" parameters  (links: width |w|, blue +, orange -)");
        c.Text.Draw(b, _text.Span, area.X + 16, area.Bottom - 24, style.TextDim);
    }

    private void DrawRace(SceneContext c, RectF area)
    {
        var b = c.Batch;
        var style = c.Ui.Style;
        c.Ui.Panel(area);
        c.Text.Draw(b, "Optimizer race: same net, same data, same start", area.X + 16, area.Y + 14, style.Text);
        var size = MathF.Min((area.Width - 48) / 2, (area.Height - 120) / 2);
        for (var i = 0; i < 4; i++)
        {
            var r = new RectF(area.X + 16 + (i % 2) * (size + 16), area.Y + 48 + (i / 2) * (size + 40), size, size);
            b.Heatmap(_raceTextures[i], r, ColorMap.Diverging, -1, 1);
            DrawPoints(b, r, _race!.Data.Train, false);
            b.StrokeRect(r, 2, s_raceColors[i]);
            _text.Clear().Append(s_raceNames[i]).Append("  loss ").Append(_race.Lanes[i].TrainLoss, LossFormat);
            c.Text.Draw(b, _text.Span, r.X, r.Bottom + 6, s_raceColors[i]);
        }
    }

    private void DrawOutput(SceneContext c)
    {
        var b = c.Batch;
        var style = c.Ui.Style;
        var rect = OutputRect;
        var panel = new RectF(rect.X - 8, rect.Y - 8, rect.Width + 16, 704 - rect.Y + 8);
        c.Ui.Panel(panel);
        c.Ui.KeepClear(rect);
        if (_discretize) b.Heatmap(_output, rect, ColorMap.Diverging, -0.001f, 0.001f);
        else b.Heatmap(_output, rect, ColorMap.Diverging, -1, 1);
        DrawPoints(b, rect, _playground.Data.Train, false);
        if (_showTest) DrawPoints(b, rect, _playground.Data.Test, true);
        b.StrokeRect(rect, 1, style.Border);
        _text.Clear().Append("train loss ").Append(_playground.TrainLoss, LossFormat).Append("   test loss ").Append(_playground.TestLoss, LossFormat);
        c.Text.Draw(b, _text.Span, rect.X, rect.Bottom + 8, style.Text);
        _text.Clear().Append("accuracy ").Append(_playground.TrainAccuracy * 100, "F1").Append("% / ").Append(_playground.TestAccuracy * 100, "F1").Append("%  epoch ").Append(_playground.Epoch);
        c.Text.Draw(b, _text.Span, rect.X, rect.Bottom + 28, style.TextDim);
        // The hint sits under the plane, not on it, so it never hides a point.
        c.Text.Draw(b, "left/right click: paint a blue/orange point", rect.X, rect.Bottom + 48, style.TextDim);
        (_raceMode ? _raceChart : _chart).Draw(b, c.Text, new RectF(rect.X, rect.Bottom + 76, rect.Width, 704 - rect.Bottom - 84), style);
    }

    private static void DrawPoints(Batch2D b, RectF rect, IReadOnlyList<PlaygroundPoint> points, bool test)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = rect.X + (p.X + Extent) / (2 * Extent) * rect.Width;
            var y = rect.Y + (Extent - p.Y) / (2 * Extent) * rect.Height;
            var colour = p.Label >= 0 ? Positive : Negative;
            b.FillCircle(x, y, 4f, test ? Color32.Black : Color32.White);
            b.FillCircle(x, y, 3.1f, colour);
        }
    }

    private void Paint(SceneContext c)
    {
        var input = c.Input;
        var rect = OutputRect;
        if (c.Ui.WantsMouse || !rect.Contains(input.MouseX, input.MouseY)) return;
        var label = input.WasPressed(0) ? 1f : input.WasPressed(1) ? -1f : 0f;
        if (label == 0f) return;
        var x = (input.MouseX - rect.X) / rect.Width * 2 * Extent - Extent;
        var y = Extent - (input.MouseY - rect.Y) / rect.Height * 2 * Extent;
        _playground.AddPoint(x, y, label);
        _race?.AddPoint(x, y, label);
    }
}
