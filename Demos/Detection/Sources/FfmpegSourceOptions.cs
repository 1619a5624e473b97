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

    /// <summary>How long opening and each read wait for a frame before giving up with an error.</summary>
    public TimeSpan FrameTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
