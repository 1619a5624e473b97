namespace Myelin.Demos.Detection.Sources;

/// <summary>Opens the frame source a `--source` value names.</summary>
public static class FrameSources
{
    /// <summary>The synthetic camera for null or "synthetic"; video files and webcams need ffmpeg support (not built yet).</summary>
    public static IFrameSource Open(string? source, int size, ulong seed = 1)
    {
        if (source is null || source.Equals("synthetic", StringComparison.OrdinalIgnoreCase)) return new SyntheticSource(size, seed);
        throw new NotSupportedException($"--source '{source}': video sources need ffmpeg support; use 'synthetic'.");
    }
}
