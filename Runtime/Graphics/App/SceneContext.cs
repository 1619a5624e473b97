using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Silk.NET.OpenGL;

namespace Myelin.Graphics.App;

/// <summary>
/// What a scene draws with: the GL context, the 2-D batch, text, UI, input and the frame's size
/// and clock. Made by <see cref="SceneRunner"/>; the GL compute backend is created on first use
/// (at load), sharing the context so networks can be drawn from their buffers.
/// </summary>
public sealed class SceneContext : IDisposable
{
    private GlComputeBackend? _compute;

    /// <summary>Creates the render helpers on <paramref name="context"/>, which must be current.</summary>
    public SceneContext(IGlContext context, bool headless, SceneOptions? options = null)
    {
        Context = context;
        Headless = headless;
        Options = options ?? new SceneOptions();
        Batch = new Batch2D(context.Gl);
        Text = new TextRenderer(context.Gl);
        Ui = new global::Myelin.Graphics.Ui.Ui(Batch, Text) { Log = Options.Layout };
    }

    /// <summary>The GL context (an EGL context headless, the window otherwise).</summary>
    public IGlContext Context { get; }

    /// <summary>The context's GL entry points.</summary>
    public GL Gl => Context.Gl;

    /// <summary>How the scene is run, including the scene-specific <see cref="SceneOptions.ModelPath"/>, <see cref="SceneOptions.Source"/> and <see cref="SceneOptions.DataDir"/>.</summary>
    public SceneOptions Options { get; }

    /// <summary>True when rendering offscreen with no window.</summary>
    public bool Headless { get; }

    /// <summary>The 2-D batch renderer, begun for this frame.</summary>
    public Batch2D Batch { get; }

    /// <summary>The text renderer.</summary>
    public TextRenderer Text { get; }

    /// <summary>The immediate-mode UI, begun with this frame's input.</summary>
    public global::Myelin.Graphics.Ui.Ui Ui { get; }

    /// <summary>This frame's input.</summary>
    public InputState Input { get; internal set; } = new();

    /// <summary>This frame's clock and size.</summary>
    public FrameInfo Frame { get; internal set; }

    /// <summary>Target width in pixels.</summary>
    public int Width => Frame.Width;

    /// <summary>Target height in pixels.</summary>
    public int Height => Frame.Height;

    /// <summary>The GL compute backend on this context (compiled on first use; create it in Load).</summary>
    public GlComputeBackend Compute => _compute ??= new GlComputeBackend(Context);

    /// <summary>Clears the target to <paramref name="color"/>.</summary>
    public void Clear(Color32 color)
    {
        Gl.ClearColor(color.R / 255f, color.G / 255f, color.B / 255f, color.A / 255f);
        Gl.Clear(ClearBufferMask.ColorBufferBit);
    }

    /// <summary>Deletes the render helpers and the compute backend.</summary>
    public void Dispose()
    {
        _compute?.Dispose();
        Text.Dispose();
        Batch.Dispose();
    }
}
