namespace Myelin.Demos.Detection.Sources;

/// <summary>Opens the frame source a `--source` value names.</summary>
public static class FrameSources
{
    /// <summary>
    /// The synthetic camera for null or "synthetic"; otherwise a video file or a V4L2 webcam
    /// (/dev/videoN) through ffmpeg. Files loop, so a scene keeps running; a labels file beside the
    /// video (clip.mp4 → clip.json, as `myelin record` writes it) gives ground truth. With
    /// <paramref name="realTime"/> a file plays at its own frame rate (a window), otherwise one video
    /// frame per read (headless runs: every frame, reproducibly).
    /// </summary>
    /// <exception cref="FrameSourceException">ffmpeg, the file or the device is missing, or nothing decodes; the message says how to fix it.</exception>
    public static IFrameSource Open(string? source, int size, ulong seed = 1, bool realTime = false)
    {
        if (source is null || source.Equals("synthetic", StringComparison.OrdinalIgnoreCase)) return new SyntheticSource(size, seed);
        var camera = source.StartsWith("/dev/video", StringComparison.Ordinal);
        return new FfmpegSource(source, size, new FfmpegSourceOptions
        {
            Loop = !camera,
            RealTime = realTime,
            LabelsPath = camera ? null : LabelsFile.FindBeside(source),
        });
    }
}
