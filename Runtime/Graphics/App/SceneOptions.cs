namespace Myelin.Graphics.App;

/// <summary>How <see cref="SceneRunner"/> runs a scene.</summary>
public sealed record SceneOptions
{
    /// <summary>Render offscreen through EGL even when a display exists.</summary>
    public bool Headless { get; init; }

    /// <summary>
    /// Stop after this many frames; null runs a window until it is closed, and headless for
    /// <see cref="DefaultHeadlessFrames"/> — or, with <see cref="AfterFrame"/> set, until it returns false.
    /// </summary>
    public int? Frames { get; init; }

    /// <summary>Frames run headless when <see cref="Frames"/> is null.</summary>
    public const int DefaultHeadlessFrames = 120;

    /// <summary>Write PNG frames here: every <see cref="Every"/>-th frame and always the last.</summary>
    public string? OutDir { get; init; }

    /// <summary>Write every K-th frame; null picks K so about ten frames are written (60 for an open-ended window).</summary>
    public int? Every { get; init; }

    /// <summary>A script of timed input events to replay (see <see cref="InputScript"/>).</summary>
    public InputScript? Script { get; init; }

    /// <summary>Target width in pixels.</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Target height in pixels.</summary>
    public int Height { get; init; } = 720;

    /// <summary>Swap with vsync in a window.</summary>
    public bool VSync { get; init; } = true;

    /// <summary>Frames excluded from timing and allocation statistics while the JIT and caches warm up.</summary>
    public int WarmupFrames { get; init; } = 10;

    /// <summary>
    /// Called after each PNG frame is written (headless), outside the measured part of the frame, with
    /// the scene, the frame index, the frame count and the image path — for printing progress.
    /// </summary>
    public Action<IScene, long, long, string>? Progress { get; init; }

    /// <summary>
    /// Called after each frame with its index, outside the measured part (like PNG writing); returning
    /// false ends the run. For soak runs and frame pacing.
    /// </summary>
    public Func<long, bool>? AfterFrame { get; init; }

    /// <summary>A saved model for scenes that use one (`--model FILE`: the digit canvas, the detector); null trains from scratch.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Load a <see cref="ModelPath"/> holding NaN or Inf weights instead of refusing it (`--allow-nonfinite`, for debugging).</summary>
    public bool AllowNonFinite { get; init; }

    /// <summary>Where a scene's camera frames come from (`--source`): a video file or /dev/videoN for the detection scene; null is the scene's default.</summary>
    public string? Source { get; init; }

    /// <summary>The model's input resolution for scenes that make a fresh one (`--input-size N`: the detector's S×S); null is the scene's default.</summary>
    public int? InputSize { get; init; }

    /// <summary>The data folder for scenes that load a dataset (`--data DIR`); null is the scene's default.</summary>
    public string? DataDir { get; init; }

    /// <summary>
    /// Records each frame's text boxes, panels and keep-clear areas here (the log holds the last
    /// frame's after the run), for layout checks; null records nothing.
    /// </summary>
    public Rendering.LayoutLog? Layout { get; init; }
}
