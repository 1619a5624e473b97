using Myelin.Graphics.App;
using Myelin.Graphics.Rendering;
using Myelin.Demos.Detection.Sources;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Detection;

public sealed partial class DetectScene
{
    /// <inheritdoc />
    public void Render(SceneContext c)
    {
        var ui = c.Ui;
        c.Clear(ui.Style.Background);
        var w = c.Frame.Width;
        var h = c.Frame.Height;
        var view = FeedRect(w, h);
        if (c.Input.KeyPressed(32)) SetPaused(!_paused);
        HandleTeaching(c.Input, ui.WantsMouse, view);
        DrawFeed(c, view);

        var x = view.Right + 16;
        var panelWidth = 250f;
        ui.BeginPanel("Object detector", x, 16, panelWidth);
        _text.Clear().Append(_source.Name).Append(", ").Append(_detector.Size).Append('x').Append(_detector.Size);
        ui.Label(_text.Span, ui.Style.TextDim);
        if (_sourceError is not null) ui.Label(_sourceError, Color32.FromHex(0xF85149));
        var paused = _paused;
        if (ui.Toggle("pause (space) to teach", ref paused)) SetPaused(paused);
        ui.Toggle("train in the frame loop", ref _training);
        ui.Toggle("ground truth", ref _showTruth);
        ui.Slider("confidence", ref _confidence, 0.05f, 0.95f, "F2");
        ui.Slider("NMS IoU", ref _nmsIou, 0.1f, 0.9f, "F2");
        ui.Slider("train ms / frame", ref _trainBudgetMs, 0f, 60f, "F0");
        ui.Separator();
        ui.Label(_paused ? "Drag a box, pick its class:" : "Classes (keys 1-4 pick one):", ui.Style.TextDim);
        for (var k = 0; k < Detector.Classes; k++)
        {
            // The key: each class's sprite as the camera draws it, its name and its box colour.
            _text.Clear().Append(k + 1).Append("  ").Append(s_classNames[k]).Append("##class");
            if (ui.Selectable(_text.Span, k == _selectedClass, indent: IconSize + 6)) SelectClass(k);
            var row = ui.LastRect;
            var icon = new RectF(row.X + 10, row.Y + (row.Height - IconSize) * 0.5f, IconSize, IconSize);
            c.Batch.Image(_icons[k], icon, Color32.White);
            c.Batch.FillRoundedRect(new RectF(row.Right - 22, row.Y + 9, 12, 12), 2, s_classColours[k]);
        }
        ui.Value("boxes drawn", _taught.Count);
        ui.Value("taught frames", _trainer.TaughtCount);
        ui.EndPanel();

        var x2 = x + panelWidth + 12;
        var chartWidth = w - x2 - 16;
        ui.BeginPanel("Live", x2, 16, chartWidth);
        ui.Value("fps", _fps, "F1");
        ui.Value("inference ms", _inferenceMs, "F1");
        ui.Value("train ms (avg)", _trainMs, "F1");
        ui.Value("train steps", _detector.Steps);
        ui.Value("loss", _smoothedLoss, "F3");
        ui.Value("mAP@0.5 (validation)", _map50, "F3");
        _text.Clear().Append("  ").Append(_validation.Length).Append(" frames of ").Append(_validation.Length / 4).Append(" worlds");
        ui.Label(_text.Span, ui.Style.TextDim);
        if (_source.HasLabels)
        {
            // The feed stays 30 frames in each world: a short run scores only a few worlds, so it swings.
            ui.Value("mAP@0.5 (this feed)", _feedMap50, "F3");
            _text.Clear().Append("  last ").Append(_feedScore.Images).Append(_feedScore.Images == 1 ? " frame" : " frames");
            if (_source is SyntheticSource synthetic)
            {
                var worlds = (_feedScore.Images + synthetic.FramesPerWorld - 1) / synthetic.FramesPerWorld;
                _text.Append(" of ").Append(worlds).Append(worlds == 1 ? " world" : " worlds");
            }
            ui.Label(_text.Span, ui.Style.TextDim);
        }
        var live = ui.EndPanel();
        var top = live.Bottom + 12;
        // Two charts; fps is a number in the panel (a third chart left each too short to read).
        var chartHeight = (h - top - 16 - 12) / 2f;
        var charts = new RectF(x2, top, chartWidth, chartHeight);
        _mapChart.Draw(c.Batch, c.Text, ui.Panel(charts).Inset(10), ui.Style);
        _lossChart.Draw(c.Batch, c.Text, ui.Panel(charts with { Y = charts.Y + chartHeight + 12 }).Inset(10), ui.Style);
    }

    /// <summary>The outline colour of class <paramref name="c"/>.</summary>
    public static Color32 ClassColour(int c) => s_classColours[c];

    /// <summary>Where the camera feed is drawn on a <paramref name="width"/>×<paramref name="height"/> target.</summary>
    public static RectF FeedRect(int width, int height)
    {
        var side = Math.Min(height - 32f, width - 560f);
        return new RectF(16, 16, side, side);
    }

    private void DrawFeed(SceneContext c, RectF view)
    {
        UploadFrame();
        var b = c.Batch;
        c.Ui.Panel(new RectF(view.X - 6, view.Y - 6, view.Width + 12, view.Height + 12));
        b.Image(_texture, view, Color32.White);
        var scale = view.Width / _frame.Size;
        if (_showTruth && _source.HasLabels)
            foreach (var t in _frame.Boxes) b.StrokeRect(ToView(t.Box, view, scale), 2, Color32.White.WithAlpha(0.85f));
        foreach (var d in _detections)
            if (d.Score >= _confidence) DrawDetection(c, d, view, scale);
        foreach (var t in _taught) DrawTaught(c, t.Box, t.Class, view, scale);
        if (_dragging) DrawTaught(c, DragBox(c.Input, view), _selectedClass, view, scale);
        // Boxes near the edge can spill their labels: cover what falls outside the view.
        var bg = c.Ui.Style.Background;
        b.FillRect(0, 0, view.Right + 8, view.Y, bg);
        b.FillRect(0, view.Bottom, view.Right + 8, c.Frame.Height - view.Bottom, bg);
        b.FillRect(0, view.Y, view.X, view.Height, bg);
        b.FillRect(view.Right, view.Y, 8, view.Height, bg);
        b.StrokeRect(view, 1, c.Ui.Style.Border);
        if (_paused)
        {
            b.FillRect(view.X, view.Y, view.Width, 28, Color32.FromHex(0x0E1116).WithAlpha(0.75f));
            c.Text.Draw(b, "PAUSED - drag boxes around objects, keys 1-4 pick the class, space resumes and teaches", view.X + 8, view.Y + 5, Color32.White);
        }
    }

    private void DrawDetection(SceneContext c, in DetectedBox d, RectF view, float scale)
    {
        var colour = s_classColours[d.Class];
        var r = ToView(d.Box, view, scale);
        c.Batch.StrokeRect(r, 3, colour);
        _text.Clear().Append(s_classNames[d.Class]).Append(' ').Append(d.Score * 100, "F0").Append('%');
        var labelWidth = c.Text.Measure(_text.Span) + 8;
        var labelY = r.Y >= view.Y + 20 ? r.Y - 20 : r.Y;
        // Kept inside the feed: a box at the right edge gets its label shifted left, not cut.
        var labelX = Math.Clamp(r.X, view.X, view.Right - labelWidth);
        c.Batch.FillRect(labelX, labelY, labelWidth, 20, colour);
        c.Text.Draw(c.Batch, _text.Span, labelX + 4, labelY + 1, Color32.FromHex(0x0E1116));
    }

    private void DrawTaught(SceneContext c, Box box, int cls, RectF view, float scale)
    {
        var r = ToView(box, view, scale);
        c.Batch.StrokeRect(r, 2, Color32.White);
        c.Batch.StrokeRect(new RectF(r.X + 2, r.Y + 2, r.Width - 4, r.Height - 4), 2, s_classColours[cls]);
        _text.Clear().Append("teach: ").Append(s_classNames[cls]);
        var labelWidth = c.Text.Measure(_text.Span) + 8;
        var labelX = Math.Clamp(r.X, view.X, view.Right - labelWidth);
        var labelY = Math.Min(r.Bottom, view.Bottom - 20);
        c.Batch.FillRect(labelX, labelY, labelWidth, 20, Color32.White);
        c.Text.Draw(c.Batch, _text.Span, labelX + 4, labelY + 1, Color32.FromHex(0x0E1116));
    }

    private static RectF ToView(in Box box, RectF view, float scale) =>
        new(view.X + box.X0 * scale, view.Y + box.Y0 * scale, box.Width * scale, box.Height * scale);

    private void UploadFrame()
    {
        _frame.ToInterleaved(_rgba, channels: 4);
        _texture.Upload<byte>(_rgba, PixelFormat.Rgba, PixelType.UnsignedByte);
    }
}
