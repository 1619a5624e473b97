namespace Myelin.Demos.Detection.Sources;

/// <summary>How an <see cref="FfmpegSource"/> runs ffmpeg and what it reads besides the frames.</summary>
public sealed record FfmpegSourceOptions
{
    /// <summary>The ffmpeg executable: a name looked up on PATH or a path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Replay a video file from the start when it ends (ignored for cameras).</summary>
    public bool Loop { get; init; }

    /// <summary>A labels file recorded with the video (see <see cref="LabelsFile"/>); frames then carry its boxes.</summary>
    public string? LabelsPath { get; init; }

    /// <summary>
    /// Play a video file at its own frame rate (ffmpeg <c>-re</c>), the way a camera delivers frames,
    /// instead of as fast as the reader takes them. Live sources (cameras, and files played in real
    /// time) never hold up <see cref="FfmpegSource.TryRead"/>: between frames it returns false at once.
    /// </summary>
    public bool RealTime { get; init; }

    /// <summary>How long opening and each read wait for a frame before giving up with an error (a live source: since its last frame).</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
