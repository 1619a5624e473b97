using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Ecs;
using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;

namespace Myelin.Demos.Agents;

/// <summary>
/// The learning-agents arena on screen: creatures with ray sensors share one policy net that runs
/// as one batch per frame and learns inside the frame by imitating a scripted forager. Watch the
/// reward curve climb while they go from wandering to hunting food and dodging hazards.
/// Drag to pan, scroll to zoom.
/// </summary>
public sealed class AgentsScene : IScene
{
    private static readonly Color32 FoodColor = Color32.FromHex(0x3FB950);
    private static readonly Color32 HazardColor = Color32.FromHex(0xF85149);
    private static readonly Color32 CreatureColor = Color32.FromHex(0x4C8DFF);
    private static readonly Color32 ExpertColor = Color32.FromHex(0xF59322);

    // The chart takes one value every ChartEvery simulated frames, so its x axis counts frames.
    private const int ChartEvery = 4;

    private readonly QueryDescription _creatures = new QueryDescription().WithAll<Creature, Observation, PolicyOutput>();
    private readonly LineChart _reward = new(400) { Title = "Reward per creature per frame", XLabel = "frame", XPerSample = ChartEvery };
    private readonly TextBuilder _text = new();
    private ArenaSimulation _sim = null!;
    private int _rewardSeries;
    private int _agents = 300, _speedUp = 1;
    private bool _paused, _learning = true, _sensors = true, _expert;
    private float _smoothedReward;
    private float _viewX, _viewY, _viewSize = 400f, _lastMouseX, _lastMouseY;
    private ulong _seed = 1;

    /// <inheritdoc />
    public string Name => "agents";

    /// <inheritdoc />
    public string Description => "Hundreds of creatures with ray sensors learn to forage inside the game loop (one shared policy, batched).";

    /// <inheritdoc />
    public IReadOnlyList<SceneMetric> Metrics =>
    [
        new("agents", _agents), new("sim_frames", _sim.Frame), new("mean_reward", _smoothedReward),
        new("loss", _sim.TrainingStats.SmoothedLoss), new("train_steps", _sim.TrainingStats.Steps),
        new("inference_ms", _sim.InferenceMilliseconds), new("train_ms", _sim.TrainingStats.MillisecondsLastFrame),
    ];

    /// <inheritdoc />
    public void Load(SceneContext context)
    {
        _rewardSeries = _reward.AddSeries("smoothed", FoodColor);
        Rebuild();
    }

    private void Rebuild()
    {
        _sim?.Dispose();
        _sim = new ArenaSimulation(ArenaConfig.ForAgents(_agents), _seed, learning: true, budget: new TrainingBudget(3.0, 16, 128));
        _viewX = _sim.Config.Size / 2;
        _viewY = _sim.Config.Size / 2;
        _smoothedReward = 0;
        _reward.Clear();
    }

    /// <inheritdoc />
    public void Update(in FrameInfo frame, InputState input)
    {
        _sim.LearningEnabled = _learning;
        _sim.FollowTeacher = _expert;
        if (_paused) return;
        for (var i = 0; i < _speedUp; i++)
        {
            _sim.Step(frame.DeltaSeconds);
            _smoothedReward = _sim.Frame == 1 ? _sim.MeanRewardLastFrame : 0.98f * _smoothedReward + 0.02f * _sim.MeanRewardLastFrame;
            if (_sim.Frame % ChartEvery == 0) _reward.Push(_rewardSeries, _smoothedReward);
        }
    }

    /// <inheritdoc />
    public void Render(SceneContext c)
    {
        var ui = c.Ui;
        c.Clear(ui.Style.Background);
        var w = c.Frame.Width;
        var h = c.Frame.Height;
        const float minPanel = 330f;
        var side = Math.Min(w - minPanel - 48, h - 32);
        var view = new RectF(16, 16, side, side);
        Navigate(c.Input, ui.WantsMouse, view);
        DrawArena(c, view);

        // The panel and chart take whatever the square arena leaves on the right.
        var x = view.Right + 16;
        var panelWidth = w - 16 - x;
        ui.BeginPanel("Learning agents", x, 16, panelWidth);
        if (panelWidth >= 480) ui.Label("One 16-64-64-4 net drives them all, imitating a forager.");
        else
        {
            ui.Label("One 16-64-64-4 net drives them all,");
            ui.Label("imitating a scripted forager.");
        }
        ui.Separator();
        // The arena is rebuilt when the slider is released, not on every drag step.
        ui.Slider("creatures", ref _agents, 50, 2000);
        if (_agents != _sim.Config.Agents && !c.Input.IsDown(0)) Rebuild();
        ui.Slider("speed-up", ref _speedUp, 1, 8);
        ui.Toggle("pause", ref _paused);
        ui.Toggle("learning", ref _learning);
        ui.Toggle("show sensors", ref _sensors);
        ui.Toggle("drive by the expert", ref _expert);
        Key(c);
        if (ui.Button("reset (new seed)")) { _seed++; Rebuild(); }
        ui.Separator();
        ui.Value("frame", _sim.Frame);
        ui.Value("reward / creature / frame", _smoothedReward, "F4");
        ui.Value("imitation loss", _sim.TrainingStats.SmoothedLoss, "F3");
        _text.Clear().Append("sim ").Append(_sim.FrameMilliseconds, "F1").Append("  infer ").Append(_sim.InferenceMilliseconds, "F1")
            .Append("  train ").Append(_sim.TrainingStats.MillisecondsLastFrame, "F1").Append(" ms");
        ui.Label(_text.Span, ui.Style.TextDim);
        _text.Clear().Append("view ").Append(_viewSize, "F0").Append(" units: drag, scroll to zoom");
        ui.Label(_text.Span, ui.Style.TextDim);
        var panel = ui.EndPanel();

        // The chart takes the height left under the panel; a window too short for a readable chart shows none.
        var chartHeight = h - panel.Bottom - 28;
        if (chartHeight >= 110) _reward.Draw(c.Batch, c.Text, ui.Panel(new RectF(x, panel.Bottom + 12, panelWidth, chartHeight)).Inset(8), ui.Style);
    }

    private void Navigate(InputState input, bool overUi, RectF view)
    {
        if (!view.Contains(input.MouseX, input.MouseY) || overUi) return;
        if (input.ScrollY != 0) _viewSize = Math.Clamp(_viewSize * MathF.Pow(0.85f, input.ScrollY), 60f, _sim.Config.Size);
        if (input.IsDown(0) && !input.WasPressed(0))
        {
            _viewX -= (input.MouseX - _lastMouseX) * _viewSize / view.Width;
            _viewY += (input.MouseY - _lastMouseY) * _viewSize / view.Height;
        }
        _lastMouseX = input.MouseX;
        _lastMouseY = input.MouseY;
    }

    private void DrawArena(SceneContext c, RectF view)
    {
        var b = c.Batch;
        b.FillRect(view, Color32.FromHex(0x0B0F14));
        var cfg = _sim.Config;
        var scale = view.Width / _viewSize;
        var left = _viewX - _viewSize / 2;
        var bottom = _viewY - _viewSize / 2;
        var field = _sim.Field;

        for (var i = 0; i < field.HazardCount; i++)
            if (ToScreen(field.HazardX[i], field.HazardY[i], left, bottom, cfg.Size, field.HazardR[i], out var hx, out var hy))
                b.FillCircle(view.X + hx * scale, view.Y + hy * scale, field.HazardR[i] * scale, HazardColor.WithAlpha(0.55f));
        for (var i = 0; i < field.FoodCount; i++)
            if (ToScreen(field.FoodX[i], field.FoodY[i], left, bottom, cfg.Size, cfg.FoodRadius, out var fx, out var fy))
                b.FillCircle(view.X + fx * scale, view.Y + fy * scale, MathF.Max(1.5f, cfg.FoodRadius * scale), FoodColor);

        foreach (var chunk in _sim.World.GetChunks(_creatures))
        {
            var bodies = chunk.GetSpan<Creature>();
            var observations = chunk.GetSpan<Observation>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var body = ref bodies[i];
                if (!ToScreen(body.X, body.Y, left, bottom, cfg.Size, cfg.RayLength, out var sx, out var sy)) continue;
                var px = view.X + sx * scale;
                var py = view.Y + sy * scale;
                if (_sensors && view.Contains(px, py)) DrawRays(b, body, observations[i], px, py, scale, cfg);
                var r = MathF.Max(4f, cfg.CreatureRadius * scale * 1.6f);
                b.FillCircle(px, py, r + 1.2f, Color32.White);
                b.FillCircle(px, py, r, _expert ? ExpertColor : CreatureColor);
                b.Line(px, py, px + MathF.Cos(body.Heading) * r * 1.8f, py - MathF.Sin(body.Heading) * r * 1.8f, 1.5f, Color32.White);
            }
        }
        // Batch2D has no scissor: cover what spilled past the view with the background.
        var bg = c.Ui.Style.Background;
        b.FillRect(0, 0, c.Frame.Width, view.Y, bg);
        b.FillRect(0, view.Bottom, c.Frame.Width, c.Frame.Height - view.Bottom, bg);
        b.FillRect(0, view.Y, view.X, view.Height, bg);
        b.FillRect(view.Right, view.Y, c.Frame.Width - view.Right, view.Height, bg);
        b.StrokeRect(view, 1, c.Ui.Style.Border);
        c.Ui.KeepClear(view);
    }

    // What the dots are: a row of swatches, drawn like the arena draws them.
    private void Key(SceneContext c)
    {
        var ui = c.Ui;
        var row = ui.Allocate(ui.Text.LineHeight());
        var b = c.Batch;
        var x = row.X + 6;
        var y = row.Y + row.Height * 0.5f;
        b.FillCircle(x, y, 5, FoodColor);
        x = ui.Text.Draw(b, "food", x + 10, row.Y, ui.Style.TextDim) + 18;
        b.FillCircle(x, y, 6, HazardColor.WithAlpha(0.55f));
        x = ui.Text.Draw(b, "hazard", x + 11, row.Y, ui.Style.TextDim) + 18;
        b.FillCircle(x, y, 6, Color32.White);
        b.FillCircle(x, y, 5, _expert ? ExpertColor : CreatureColor);
        ui.Text.Draw(b, _expert ? "creature (expert)" : "creature", x + 11, row.Y, ui.Style.TextDim);
    }

    private static void DrawRays(Batch2D b, in Creature body, in Observation o, float px, float py, float scale, ArenaConfig cfg)
    {
        ReadOnlySpan<float> v = o.Values;
        for (var r = 0; r < cfg.Rays; r++)
        {
            var a = body.Heading + RaySensor.RayAngle(r, cfg.Rays, cfg.FieldOfView);
            var food = v[r];
            var hazard = v[cfg.Rays + r];
            var hit = MathF.Max(food, hazard);
            var length = hit > 0 ? (1f - hit) * cfg.RayLength : cfg.RayLength;
            var color = hazard >= food && hazard > 0 ? HazardColor : food > 0 ? FoodColor : Color32.FromHex(0x8B949E);
            b.Line(px, py, px + MathF.Cos(a) * length * scale, py - MathF.Sin(a) * length * scale, 1f, color.WithAlpha(hit > 0 ? 0.7f : 0.18f));
        }
    }

    // Arena y grows upward, screen y downward; the arena wraps, so a view can straddle its edge.
    // Returns the position in view units (0..viewSize), false when outside the view by more than margin.
    private bool ToScreen(float x, float y, float left, float bottom, float size, float margin, out float sx, out float sy)
    {
        var dx = Wrap(x - left, size, margin);
        var dy = Wrap(y - bottom, size, margin);
        sx = dx;
        sy = _viewSize - dy;
        return dx > -margin && dx < _viewSize + margin && dy > -margin && dy < _viewSize + margin;
    }

    private static float Wrap(float d, float size, float margin)
    {
        d %= size;
        if (d < 0) d += size;
        return d > size - margin ? d - size : d;
    }

    /// <inheritdoc />
    public void Dispose() => _sim?.Dispose();
}
