using Myelin.Graphics.App;
using Myelin.Graphics.Rendering;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Digits;

public sealed partial class DigitsScene
{
    private static readonly Color32 Ink = Color32.FromHex(0x4C8DFF);
    private static readonly Color32 Warm = Color32.FromHex(0xF59322);
    private static readonly Color32 Heat = Color32.FromHex(0xFF5A1F);
    private static readonly Color32 Good = Color32.FromHex(0x3FB950);
    private static readonly string[] s_digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private const float ColumnB = 480, ColumnC = 786;
    private const float PreviewSize = 124, BarTop = 206, BarRow = 22, BarWidth = 200;
    private const float MatrixX = 836, MatrixY = 336, Cell = 22;
    private const float GalleryX = 1072, GalleryY = 336, GalleryTile = 56, GalleryPitchX = 64, GalleryPitchY = 76;

    /// <summary>Where the 28×28 input the net sees is shown, in frame pixels.</summary>
    public static RectF PreviewRect => new(ColumnB, 52, PreviewSize, PreviewSize);

    /// <summary>The track of digit <paramref name="digit"/>'s probability bar, in frame pixels (filled from the left in proportion).</summary>
    public static RectF BarRect(int digit) => new(ColumnB + 24, BarTop + digit * BarRow + 5, BarWidth, BarRow - 10);

    /// <inheritdoc />
    public void Render(SceneContext c)
    {
        var ui = c.Ui;
        var style = ui.Style;
        c.Clear(style.Background);
        Upload();
        var b = c.Batch;
        var t = c.Text;
        // Three columns, each on its panel (the controls have their own below column B's).
        ui.Panel(new RectF(6, 6, ColumnB - 14, 708));
        ui.Panel(new RectF(ColumnB - 8, 6, ColumnC - ColumnB - 4, BarTop + 10 * BarRow - 4));
        ui.Panel(new RectF(ColumnC - 8, 6, 1280 - ColumnC + 2, 708));

        // Column A: the drawing, where the net looks, and its first layer.
        t.Draw(b, "Draw a digit", 16, 14, style.Text, TextRenderer.Heading);
        var canvas = CanvasRect;
        b.FillRect(canvas.Inset(-1), style.Border);
        b.Heatmap(_canvasTexture, canvas, ColorMap.Grayscale, 0, 1);
        if (_hasInk && _heatMode < 3) DrawHeat(b, canvas);
        if (_canvas.IsEmpty)
            t.DrawCentered(b, "draw here with the mouse", canvas.X + canvas.Width * 0.5f, canvas.Y, canvas.Height, style.TextDim, align: TextAlign.Center);
        t.Draw(b, "C clear   Z undo   0-9 teach   H heat   SPACE train", 16, canvas.Bottom + 6, style.TextDim);
        DrawFirstLayer(c, canvas.Bottom + 32);

        // Column B: what the net sees, its answer, the attack, the controls.
        t.Draw(b, "What the net sees", ColumnB, 18, style.Text);
        var preview = PreviewRect;
        b.Heatmap(_inputTexture, preview, ColorMap.Grayscale, 0, 1);
        b.StrokeRect(preview, 1, style.Border);
        var attacked = new RectF(ColumnB + PreviewSize + 42, 52, PreviewSize, PreviewSize);
        b.Heatmap(_adversarialTexture, attacked, ColorMap.Grayscale, 0, 1);
        b.StrokeRect(attacked, 1, style.Border);
        t.Draw(b, "28x28 input", preview.X, preview.Bottom + 4, style.TextDim);
        // The attack: "FGSM" until it runs, then eps and the prediction before -> after (orange when it flipped).
        _text.Clear().Append("FGSM eps ").Append(_epsilon, "F2");
        if (_adversarialPrediction >= 0) _text.Clear().Append("eps ").Append(_epsilon, "F2").Append(": ").Append(_prediction).Append(" -> ").Append(_adversarialPrediction);
        t.Draw(b, _text.Span, attacked.X, attacked.Bottom + 4, _adversarialPrediction >= 0 && _adversarialPrediction != _prediction ? Warm : style.TextDim);
        DrawBars(c);
        Controls(c);

        // Column C: training, the confusion matrix and the digits it gets wrong.
        DrawTraining(c);
        DrawConfusion(c);
        DrawGallery(c);
        DrawStatus(c);
    }

    private void Upload()
    {
        if (_canvasUploaded != _canvas.Version)
        {
            _canvasUploaded = _canvas.Version;
            _canvasTexture.Upload(_canvas.Pixels, PixelFormat.Red, PixelType.Float);
        }
        if (_texturesDirty)
        {
            _texturesDirty = false;
            _inputTexture.Upload<float>(_input, PixelFormat.Red, PixelType.Float);
            _adversarialTexture.Upload<float>(_adversarial, PixelFormat.Red, PixelType.Float);
            for (var m = 0; m < _mapTextures.Length; m++)
                _mapTextures[m].Upload<float>(_maps.AsSpan(m * DigitModel.Pixels, DigitModel.Pixels), PixelFormat.Red, PixelType.Float);
        }
        if (_galleryDirty && _test is { } test)
        {
            _galleryDirty = false;
            for (var g = 0; g < _galleryCount; g++) _galleryTextures[g].Upload(test.Input(_misclassified[g]), PixelFormat.Red, PixelType.Float);
        }
    }

    private int _canvasUploaded = -1;

    /// <summary>The heat map's 28×28 cells drawn back onto the drawing through the preprocessing's inverse mapping.</summary>
    private void DrawHeat(Batch2D b, RectF canvas)
    {
        const int side = DigitPreprocessor.Size;
        for (var y = 0; y < side; y++)
        for (var x = 0; x < side; x++)
        {
            var h = _heat[y * side + x];
            if (h < 0.08f) continue;
            var (x0, y0) = _preprocessor.ToCanvas(x, y);
            var (x1, y1) = _preprocessor.ToCanvas(x + 1, y + 1);
            var left = MathF.Max(canvas.X, canvas.X + x0 * CanvasScale);
            var top = MathF.Max(canvas.Y, canvas.Y + y0 * CanvasScale);
            var right = MathF.Min(canvas.Right, canvas.X + x1 * CanvasScale);
            var bottom = MathF.Min(canvas.Bottom, canvas.Y + y1 * CanvasScale);
            if (right > left && bottom > top) b.FillRect(left, top, right - left, bottom - top, Heat.WithAlpha(0.6f * h));
        }
    }

    private void DrawFirstLayer(SceneContext c, float top)
    {
        var b = c.Batch;
        var style = c.Ui.Style;
        c.Text.Draw(b, "conv1: 16 filters (3x3) and what each sees in the drawing", 16, top, style.TextDim);
        top += 22;
        var peak = 1e-6f;
        foreach (var w in _filters) peak = MathF.Max(peak, MathF.Abs(w));
        for (var f = 0; f < _filterCount; f++)
        {
            var x0 = 16 + f * 28f;
            for (var i = 0; i < 9; i++)
            {
                var w = _filters[f * 9 + i] / peak;
                var color = (w >= 0 ? Ink : Warm).WithAlpha(0.15f + 0.85f * MathF.Abs(w));
                b.FillRect(x0 + i % 3 * 8, top + i / 3 * 8, 8, 8, color);
            }
        }
        top += 30;
        // An empty drawing excites nothing: grey tiles and a word instead of maps normalised from zero.
        var empty = _canvas.IsEmpty;
        for (var m = 0; m < _mapTextures.Length; m++)
        {
            var rect = new RectF(16 + m % MapColumns * 56f, top + m / MapColumns * 56f, 54, 54);
            if (empty) b.FillRect(rect, style.Widget);
            else b.Heatmap(_mapTextures[m], rect, ColorMap.Viridis, 0, 1);
        }
        if (empty)
            c.Text.DrawCentered(b, "activation maps appear as you draw", 16 + MapColumns * 28f, top, 110, style.TextDim, align: TextAlign.Center);
    }

    private void DrawBars(SceneContext c)
    {
        var b = c.Batch;
        var style = c.Ui.Style;
        for (var d = 0; d < DigitModel.Classes; d++)
        {
            var y = BarTop + d * BarRow;
            var best = d == _prediction;
            c.Text.Draw(b, s_digits[d], ColumnB, y + 2, best ? style.Text : style.TextDim, best ? TextRenderer.Heading : TextRenderer.Regular);
            var track = BarRect(d);
            b.FillRoundedRect(track, 3, style.Widget);
            var p = _probabilities[d];
            if (p > 0.002f) b.FillRoundedRect(track with { Width = MathF.Max(4, BarWidth * p) }, 3, best ? Ink : Ink.WithAlpha(0.55f));
            if (_adversarialPrediction >= 0 && _adversarialProbabilities[d] > 0.01f)
                b.FillRect(track.X + BarWidth * _adversarialProbabilities[d] - 1, track.Y - 2, 2, track.Height + 4, Warm);
            _text.Clear().Append(p * 100, "F1").Append('%');
            c.Text.Draw(b, _text.Span, track.Right + 8, y + 2, best ? style.Text : style.TextDim);
        }
    }

    private void Controls(SceneContext c)
    {
        var ui = c.Ui;
        ui.BeginPanel("Controls", ColumnB - 8, BarTop + 10 * BarRow + 4, ColumnC - ColumnB - 4);
        if (ui.Button("clear (C)")) _canvas.Clear();
        if (ui.Button("undo stroke (Z)")) _canvas.Undo();
        if (ui.Dropdown("heat map (H)", ref _heatMode, s_heatModes)) _explainDirty = true;
        var epsilon = _epsilon;
        if (ui.Slider("FGSM eps", ref epsilon, 0f, 0.5f, "F2")) SetEpsilon(epsilon);
        var training = _training;
        if (ui.Toggle("train live on MNIST (SPACE)", ref training)) SetTraining(training);
        ui.EndPanel();
    }

    private void DrawTraining(SceneContext c)
    {
        var b = c.Batch;
        var t = c.Text;
        var style = c.Ui.Style;
        t.Draw(b, "Training", ColumnC, 14, style.Text, TextRenderer.Heading);
        if (_learner is null)
        {
            t.Draw(b, _loadingMessage, ColumnC, 46, Warm);
            var bar = new RectF(ColumnC, 70, 478, 6);
            b.FillRoundedRect(bar, 3, style.Widget);
            var phase = (float)(c.Frame.Time * 0.6 % 1.0);
            b.FillRoundedRect(new RectF(bar.X + phase * (bar.Width - 120), bar.Y, 120, bar.Height), 3, Warm);
        }
        else
        {
            _text.Clear().Append(_training ? "training live" : _fromModel ? "loaded model, not training" : "paused")
                .Append("   epoch ").Append(_stats.Epoch).Append("   ").Append(_stats.Steps).Append(" steps");
            if (float.IsFinite(_stats.RunningAccuracy))
                _text.Append("   train ").Append(_stats.RunningAccuracy * 100, "F1").Append("%   loss ").Append(_stats.RunningLoss, "F3");
            t.Draw(b, _text.Span, ColumnC, 46, style.TextDim);
            _text.Clear();
            if (float.IsFinite(_stats.TestAccuracy))
                _text.Append("test accuracy ").Append(_stats.TestAccuracy * 100, "F2").Append("% on ").Append(_test!.Count).Append(" digits");
            if (_stats.Evaluating)
                _text.Append(_text.Length == 0 ? "testing " : ", testing ").Append(_stats.Evaluated).Append('/').Append(_test!.Count);
            t.Draw(b, _text.Span, ColumnC, 68, float.IsFinite(_stats.TestAccuracy) && _stats.TestAccuracy >= 0.97f ? Good : style.Text);
        }
        _accuracyChart.Draw(b, t, new RectF(ColumnC, 96, 232, 168), style);
        _lossChart.Draw(b, t, new RectF(ColumnC + 246, 96, 232, 168), style);
    }

    private void DrawConfusion(SceneContext c)
    {
        var b = c.Batch;
        var t = c.Text;
        var style = c.Ui.Style;
        t.Draw(b, "Confusion matrix (test digits)", ColumnC, MatrixY - 62, style.TextDim);
        t.Draw(b, "predicted", MatrixX + 5 * Cell, MatrixY - 40, style.TextDim, align: TextAlign.Center);
        t.Draw(b, "true", MatrixX - 18, MatrixY - 20, style.TextDim, align: TextAlign.Right);
        var worst = 1;
        for (var i = 0; i < _confusion.Length; i++)
            if (i / DigitModel.Classes != i % DigitModel.Classes) worst = Math.Max(worst, _confusion[i]);
        for (var row = 0; row < DigitModel.Classes; row++)
        {
            t.Draw(b, s_digits[row], MatrixX - 14, MatrixY + row * Cell + 1, style.TextDim);
            t.Draw(b, s_digits[row], MatrixX + row * Cell + Cell * 0.5f, MatrixY - 20, style.TextDim, align: TextAlign.Center);
            var total = 0;
            for (var col = 0; col < DigitModel.Classes; col++) total += _confusion[row * DigitModel.Classes + col];
            for (var col = 0; col < DigitModel.Classes; col++)
            {
                var count = _confusion[row * DigitModel.Classes + col];
                var cell = new RectF(MatrixX + col * Cell, MatrixY + row * Cell, Cell - 1, Cell - 1);
                var color = row == col
                    ? Ink.WithAlpha(total > 0 ? 0.2f + 0.8f * count / total : 0.08f)
                    : count > 0 ? Warm.WithAlpha(0.25f + 0.75f * MathF.Sqrt((float)count / worst)) : style.Widget;
                b.FillRect(cell, color);
                // Mistakes are counted in their cells; the diagonal's hundreds would not fit, its shade shows the share.
                if (row != col && count > 0)
                    t.DrawCentered(b, _text.Clear().Append(Math.Min(count, 99)).Span, cell.X + cell.Width * 0.5f, cell.Y, cell.Height, Color32.White, align: TextAlign.Center);
            }
        }
    }

    private void DrawGallery(SceneContext c)
    {
        var b = c.Batch;
        var t = c.Text;
        var style = c.Ui.Style;
        _text.Clear().Append("Misclassified (");
        if (_evaluationsSeen > 0) _text.Append(_misclassifiedCount).Append(" wrong)");
        else _text.Append("after a test)");
        t.Draw(b, _text.Span, GalleryX - 8, GalleryY - 44, style.TextDim);
        for (var g = 0; g < _galleryCount; g++)
        {
            var x = GalleryX + g % GalleryColumns * GalleryPitchX;
            var y = GalleryY - 20 + g / GalleryColumns * GalleryPitchY;
            b.Heatmap(_galleryTextures[g], new RectF(x, y, GalleryTile, GalleryTile), ColorMap.Grayscale, 0, 1);
            var label = (int)_test!.Target(_misclassified[g])[0];
            _text.Clear().Append(label).Append(" as ").Append(_misclassifiedAs[g]);
            t.Draw(b, _text.Span, x + 4, y + GalleryTile, Warm);
        }
    }

    private void DrawStatus(SceneContext c)
    {
        var b = c.Batch;
        var t = c.Text;
        var style = c.Ui.Style;
        t.Draw(b, "numbers: mistakes", ColumnC, MatrixY + 10 * Cell + 6, style.TextDim);
        var y = 590f;
        _text.Clear().Append("Where it looks: ").Append(s_heatModes[_heatMode]);
        if (_prediction >= 0 && _heatMode < 3) _text.Append(" for ").Append(_prediction).Append(" (orange = evidence)");
        t.Draw(b, _text.Span, ColumnC, y, style.TextDim);
        y += 24;
        _text.Clear();
        if (_teachLabel >= 0) _text.Append("Taught: the drawing is a ").Append(_teachLabel).Append(" (").Append(_stats.Taught).Append(" lesson(s), 10 steps each)");
        else _text.Append("Wrong answer? Press the right digit key to teach it.");
        t.Draw(b, _text.Span, ColumnC, y, _teachLabel >= 0 ? Good : style.TextDim);
        y += 24;
        _text.Clear();
        if (_strokeToBarsCount == 0) _text.Append("stroke to bars: timed from your first stroke");
        else _text.Append("stroke to bars ").Append(_strokeToBarsSum / _strokeToBarsCount, "F2").Append(" ms mean, ").Append(_strokeToBarsMax, "F2").Append(" ms max");
        t.Draw(b, _text.Span, ColumnC, y, style.TextDim);
    }
}
