using Myelin.Graphics.Platform;

namespace Myelin.Graphics.App;

/// <summary>
/// A demo scene run by <see cref="SceneRunner"/>: loaded once, then each frame updated (game logic,
/// training steps) and rendered (Batch2D, text, UI, charts). Neither Update nor Render may allocate
/// in steady state; the runner measures it.
/// <code>
/// sealed class Hello : IScene
/// {
///     float _speed = 1;
///     public string Name => "hello";
///     public string Description => "A circle that moves.";
///     public void Load(SceneContext context) { }
///     public void Update(in FrameInfo frame, InputState input) { }
///     public void Render(SceneContext c)
///     {
///         c.Clear(c.Ui.Style.Background);
///         var x = 200 + 100 * MathF.Sin((float)c.Frame.Time * _speed);
///         c.Batch.FillCircle(x, 300, 40, Color32.FromHex(0x4C8DFF));
///         c.Ui.BeginPanel("Hello", 20, 20, 260);
///         c.Ui.Slider("speed", ref _speed, 0, 5);
///         c.Ui.EndPanel();
///     }
///     public IReadOnlyList&lt;SceneMetric&gt; Metrics => [new("speed", _speed)];
///     public void Dispose() { }
/// }
/// </code>
/// </summary>
public interface IScene : IDisposable
{
    /// <summary>Short name used on the command line ("xor").</summary>
    string Name { get; }

    /// <summary>One line saying what the scene shows.</summary>
    string Description { get; }

    /// <summary>Creates GL resources, models and data; the context is current. Called once before the first frame.</summary>
    void Load(SceneContext context);

    /// <summary>Advances the scene by one frame with this frame's input.</summary>
    void Update(in FrameInfo frame, InputState input);

    /// <summary>Draws the frame into the bound target (<see cref="SceneContext.Batch"/> is begun; the UI is begun with this frame's input).</summary>
    void Render(SceneContext context);

    /// <summary>A few named numbers for the final --json line; read once, after the last frame.</summary>
    IReadOnlyList<SceneMetric> Metrics { get; }

    /// <summary>
    /// The canvas the scene lays itself out on, in pixels. When set and the target differs, the runner
    /// scales that canvas uniformly to fit the target (centred, the rest cleared to the scene's
    /// background), reports it as <see cref="FrameInfo"/>'s size and maps the pointer back into it, so
    /// a fixed layout stays whole at any window size. (0, 0), the default: the scene adapts to the target.
    /// </summary>
    (int Width, int Height) DesignSize => (0, 0);
}
