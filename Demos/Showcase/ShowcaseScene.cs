using Myelin.Backends;
using Myelin.Graphics;
using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Showcase;

/// <summary>
/// Proves the render toolkit: every Batch2D primitive, both fonts, a live line chart, each UI
/// widget, and a heatmap of a small tanh network evaluated over a 96x96 grid on the GL compute
/// backend, copied into a texture by GridToTexture and coloured in the fragment shader — the data
/// never leaves the GPU.
/// </summary>
public sealed class ShowcaseScene : IScene
{
    private const int Grid = 96, Hidden = 16;
    private static readonly string[] s_maps = ["Diverging (Playground)", "Viridis", "Grayscale"];

    private readonly LineChart _chart = new(240) { Title = "Live signals", XLabel = "frame", YLabel = "value" };
    private readonly float[] _w1Start = new float[2 * Hidden];
    private readonly float[] _w1 = new float[2 * Hidden];
    private GlComputeBackend _backend = null!;
    private GridToTexture _copy = null!;
    private Texture2D _heat = null!;
    private Tensor _coords = null!, _weights1 = null!, _bias1 = null!, _hidden = null!, _weights2 = null!, _bias2 = null!, _output = null!;
    private int _sine, _cosine, _product;
    private bool _animate = true, _smooth = true;
    private float _frequency = 1.5f, _angle;
    private int _gridLines = 4, _map, _clicks;

    /// <inheritdoc />
    public string Name => "showcase";

    /// <inheritdoc />
    public string Description => "Every render primitive, text, a live chart, each UI widget and a GPU-resident heatmap.";

    /// <summary>Laid out for 1280×720; other sizes get it scaled to fit.</summary>
    public (int Width, int Height) DesignSize => (1280, 720);

    /// <inheritdoc />
    public IReadOnlyList<SceneMetric> Metrics => [new("clicks", _clicks), new("frequency", _frequency), new("colour_map", _map), new("animate", _animate ? 1 : 0)];

    /// <inheritdoc />
    public void Load(SceneContext context)
    {
        _backend = context.Compute;
        _copy = new GridToTexture(_backend);
        _heat = new Texture2D(context.Gl, Grid, Grid, SizedInternalFormat.R32f);
        _heat.SetLinearFiltering(true);

        // coords:(G·G,2) in [-1,1]², row 0 at the top; w1:(2,16) b1:(16) w2:(16,1) b2:(1), fixed seed.
        var coords = new float[Grid * Grid * 2];
        for (var y = 0; y < Grid; y++)
            for (var x = 0; x < Grid; x++)
            {
                coords[(y * Grid + x) * 2] = x / (Grid - 1f) * 2 - 1;
                coords[(y * Grid + x) * 2 + 1] = 1 - y / (Grid - 1f) * 2;
            }
        var rng = new Random(7);
        float Next(float scale) => (float)(rng.NextDouble() * 2 - 1) * scale;
        for (var i = 0; i < _w1Start.Length; i++) _w1Start[i] = Next(3f);
        var b1 = new float[Hidden];
        var w2 = new float[Hidden];
        for (var i = 0; i < Hidden; i++) { b1[i] = Next(1.5f); w2[i] = Next(1.2f); }
        _coords = Tensor.FromArray(coords, new Shape(Grid * Grid, 2), _backend);
        _weights1 = Tensor.FromArray(_w1Start, new Shape(2, Hidden), _backend);
        _bias1 = Tensor.FromArray(b1, new Shape(Hidden), _backend);
        _weights2 = Tensor.FromArray(w2, new Shape(Hidden, 1), _backend);
        _bias2 = Tensor.FromArray([0.1f], new Shape(1), _backend);
        _hidden = Tensor.Zeros(new Shape(Grid * Grid, Hidden), _backend);
        _output = Tensor.Zeros(new Shape(Grid * Grid, 1), _backend);

        _sine = _chart.AddSeries("sin", Color32.FromHex(0x4C8DFF));
        _cosine = _chart.AddSeries("cos", Color32.FromHex(0xF59322));
        _product = _chart.AddSeries("sin*cos", Color32.FromHex(0x3FB950));
    }

    /// <inheritdoc />
    public void Update(in FrameInfo frame, InputState input)
    {
        if (_animate) _angle += frame.DeltaSeconds * 0.6f;
        var t = (float)frame.Index / 60f * _frequency;
        _chart.Push(_sine, MathF.Sin(t));
        _chart.Push(_cosine, 0.6f * MathF.Cos(t * 0.7f));
        _chart.Push(_product, MathF.Sin(t) * MathF.Cos(t * 0.7f) + 0.15f * MathF.Sin(t * 5.3f));

        // Rotate the first layer's input weights: the decision regions turn. Only 32 floats go up.
        var (sin, cos) = MathF.SinCos(_angle);
        for (var j = 0; j < Hidden; j++)
        {
            float a = _w1Start[j], b = _w1Start[Hidden + j];
            _w1[j] = cos * a - sin * b;
            _w1[Hidden + j] = sin * a + cos * b;
        }
        _backend.Upload(_w1, _weights1);
        _backend.Dense(_coords, _weights1, _bias1, _hidden, UnaryKind.Tanh, 0);
        _backend.Dense(_hidden, _weights2, _bias2, _output, UnaryKind.Tanh, 0);
        _copy.Copy(_output, _heat);

    }

    /// <inheritdoc />
    public void Render(SceneContext c)
    {
        var ui = c.Ui;
        var style = ui.Style;
        var batch = c.Batch;
        var text = c.Text;
        c.Clear(style.Background);

        ui.BeginPanel("Myelin showcase", 20, 20, 300);
        ui.Label("Immediate-mode widgets", style.TextDim);
        ui.Value("frame", c.Frame.Index, "N0");
        ui.Value("draw calls (last frame)", batch.PreviousFrameDrawCalls);
        if (ui.Button("Reset chart")) { _chart.Clear(); _clicks++; }
        ui.Toggle("Rotate network", ref _animate);
        ui.Toggle("Smooth heatmap", ref _smooth);
        ui.Slider("Signal frequency", ref _frequency, 0.2f, 4f, "F2");
        ui.Slider("Grid lines", ref _gridLines, 0, 8);
        ui.Dropdown("Colour map", ref _map, s_maps);
        ui.Value("button clicks", _clicks);
        ui.Value("newest sin", _chart.Latest(_sine), "F3");
        ui.EndPanel();

        DrawHeatmap(c, new RectF(340, 20, 400, 400));
        DrawPrimitives(c, new RectF(760, 20, 500, 400));

        var chartPanel = new RectF(340, 440, 920, 260);
        ui.Panel(chartPanel);
        _chart.Draw(batch, text, chartPanel.Inset(16), style);
    }

    private void DrawHeatmap(SceneContext c, RectF panel)
    {
        var batch = c.Batch;
        var style = c.Ui.Style;
        var text = c.Text;
        c.Ui.Panel(panel);
        text.Draw(batch, "Network output", panel.X + 16, panel.Y + 14, style.Text, TextRenderer.Heading);
        text.Draw(batch, "a 16-unit tanh MLP over the plane, on GL", panel.X + 16, panel.Y + 44, style.TextDim);
        var map = new RectF(panel.X + 16, panel.Y + 72, panel.Width - 32, panel.Height - 130);
        var square = new RectF(map.X + (map.Width - map.Height) / 2, map.Y, map.Height, map.Height);
        _heat.SetLinearFiltering(_smooth);
        batch.Heatmap(_heat, square, (ColorMap)_map, -1, 1);
        for (var i = 1; i < _gridLines; i++)
        {
            var f = i / (float)_gridLines;
            batch.Line(square.X + square.Width * f, square.Y, square.X + square.Width * f, square.Bottom, 1, new Color32(255, 255, 255, 40));
            batch.Line(square.X, square.Y + square.Height * f, square.Right, square.Y + square.Height * f, 1, new Color32(255, 255, 255, 40));
        }
        batch.StrokeRect(square, 1, style.Border);
        var bar = new RectF(square.X, square.Bottom + 14, square.Width, 10);
        batch.ColorBar(bar, (ColorMap)_map);
        text.Draw(batch, "-1", bar.X, bar.Bottom + 4, style.TextDim);
        text.Draw(batch, "0", bar.X + bar.Width / 2, bar.Bottom + 4, style.TextDim, align: TextAlign.Center);
        text.Draw(batch, "+1", bar.Right, bar.Bottom + 4, style.TextDim, align: TextAlign.Right);
    }

    private static void DrawPrimitives(SceneContext c, RectF panel)
    {
        var batch = c.Batch;
        var style = c.Ui.Style;
        var text = c.Text;
        c.Ui.Panel(panel);
        text.Draw(batch, "Primitives", panel.X + 16, panel.Y + 14, style.Text, TextRenderer.Heading);
        float x = panel.X + 24, y = panel.Y + 64;
        Color32 blue = Color32.FromHex(0x4C8DFF), orange = Color32.FromHex(0xF59322), green = Color32.FromHex(0x3FB950), pink = Color32.FromHex(0xDB61A2);

        batch.FillRect(x, y, 70, 50, blue);
        batch.FillRoundedRect(new RectF(x + 90, y, 70, 50), 12, orange);
        batch.StrokeRect(new RectF(x + 180, y, 70, 50), 2, green);
        batch.FillRect(x + 270, y, 70, 50, pink.WithAlpha(0.5f));
        batch.FillRect(x + 300, y + 20, 70, 50, blue.WithAlpha(0.5f));
        text.Draw(batch, "rect   rounded   outline   alpha", x, y + 78, style.TextDim);

        y += 120;
        batch.FillCircle(x + 30, y + 30, 30, blue);
        batch.StrokeCircle(x + 110, y + 30, 30, 3, orange);
        batch.FillCircle(x + 180, y + 30, 12, green);
        batch.FillCircle(x + 210, y + 30, 6, pink);
        batch.FillCircle(x + 228, y + 30, 3, style.Text);
        for (var i = 0; i < 5; i++)
        {
            var t = 1 + i * 1.5f;
            batch.Line(x + 260, y + 4 + i * 12, x + 440, y + 16 + i * 10, t, Color32.FromHex(0xC9D1D9));
        }
        text.Draw(batch, "circles (AA)          lines 1 - 7 px", x, y + 78, style.TextDim);

        y += 116;
        text.Draw(batch, "Heading: DejaVu Sans Bold 22 px", x, y, style.Text, TextRenderer.Heading);
        text.Draw(batch, "Body 15 px: the quick brown fox jumps over 0123456789", x, y + 32, style.Text);
        text.Draw(batch, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", x, y + 54, style.TextDim);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { _coords, _weights1, _bias1, _hidden, _weights2, _bias2, _output }) t?.Storage.Dispose();
        _copy?.Dispose();
        _heat?.Dispose();
    }
}
