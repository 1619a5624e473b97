using System.Globalization;
using System.Text.RegularExpressions;

namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// What a video file holds, asked of ffmpeg without decoding (the first video stream copied to the
/// null muxer): its frame count and its frame size in pixels, so a labels file can be checked
/// against the video before any frame is scored.
/// </summary>
internal static partial class VideoProbe
{
    /// <summary>(frames, width, height) of <paramref name="input"/>; throws <see cref="FrameSourceException"/> when ffmpeg cannot tell.</summary>
    public static (long Frames, int Width, int Height) Run(string ffmpegPath, string input, TimeSpan timeout)
    {
        string? size = null;
        var gate = new object();
        using var ffmpeg = FfmpegProcess.Start(ffmpegPath,
            ["-hide_banner", "-nostdin", "-nostats", "-i", input, "-map", "0:v:0", "-c", "copy", "-f", "null", "-progress", "pipe:1", "-"],
            readStdout: true, writeStdin: false,
            errorLine: line =>
            {
                lock (gate) size ??= VideoSize().Match(line) is { Success: true } m ? m.Groups[1].Value + "x" + m.Groups[2].Value : null;
            });
        // -progress writes "frame=N" blocks; the last one counts every frame.
        long frames = -1;
        // The read blocks until ffmpeg closes its output: at the timeout, kill it, which closes the pipe.
        using var deadline = new CancellationTokenSource(timeout);
        using var kill = deadline.Token.Register(ffmpeg.Kill);
        using var reader = new StreamReader(ffmpeg.Output);
        while (reader.ReadLine() is { } line)
            if (line.StartsWith("frame=", StringComparison.Ordinal)) frames = long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture);
        var exit = ffmpeg.WaitForExit(timeout);
        lock (gate)
        {
            if (exit != 0 || frames < 0 || size is null)
                throw new FrameSourceException($"ffmpeg could not count the frames of '{input}' (exit code {exit?.ToString(CultureInfo.InvariantCulture) ?? "none: timed out"}): {ffmpeg.Tail()}.");
            var x = size.IndexOf('x');
            return (frames, int.Parse(size.AsSpan(0, x), CultureInfo.InvariantCulture), int.Parse(size.AsSpan(x + 1), CultureInfo.InvariantCulture));
        }
    }

    // "  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 128x96 [SAR 1:1 DAR 4:3], ..."
    [GeneratedRegex(@"Stream #\d+:\d+.*: Video: .*?, (\d{1,5})x(\d{1,5})\b")]
    private static partial Regex VideoSize();
}
