using System.Globalization;

namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// Encodes camera frames to a video file with an ffmpeg child process fed raw RGB24 over stdin.
/// The video goes to a temporary file beside the target, renamed over it by <see cref="Finish"/>,
/// so the target is never half-written; disposing without finishing kills ffmpeg and deletes it.
/// </summary>
public sealed class FfmpegVideoWriter : IDisposable
{
    private readonly FfmpegProcess _ffmpeg;
    private readonly Stream _input;
    private readonly byte[] _rgb;
    private readonly string _temp;
    private bool _done;

    /// <summary>Starts ffmpeg writing <paramref name="size"/>² frames at <paramref name="fps"/> to <paramref name="path"/> (container from its extension).</summary>
    public FfmpegVideoWriter(string path, int size, double fps, VideoCodec codec = VideoCodec.H264, string ffmpegPath = "ffmpeg")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "The frame rate must be positive.");
        if (codec == VideoCodec.H264 && size % 2 != 0) throw new ArgumentException($"H.264 (yuv420p) needs an even frame size, not {size}; pick {size + 1} or the lossless codec.", nameof(size));
        Path = System.IO.Path.GetFullPath(path);
        Size = size;
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        // Same extension so ffmpeg picks the container the caller asked for.
        _temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileNameWithoutExtension(Path)}.{Environment.ProcessId}.tmp{System.IO.Path.GetExtension(Path)}");
        _rgb = new byte[3 * size * size];
        var s = size.ToString(CultureInfo.InvariantCulture);
        List<string> args = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{s}x{s}", "-r", fps.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0"];
        args.AddRange(codec == VideoCodec.H264
            ? ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p"]
            : ["-c:v", "libx264rgb", "-preset", "ultrafast", "-qp", "0"]);
        if (System.IO.Path.GetExtension(Path).Equals(".mp4", StringComparison.OrdinalIgnoreCase)) args.AddRange(["-movflags", "+faststart"]);
        args.Add(_temp);
        _ffmpeg = FfmpegProcess.Start(ffmpegPath, args, readStdout: false, writeStdin: true);
        _input = _ffmpeg.Input;
    }

    /// <summary>The video file written by <see cref="Finish"/>.</summary>
    public string Path { get; }

    /// <summary>Frame width and height in pixels.</summary>
    public int Size { get; }

    /// <summary>Frames written so far.</summary>
    public int Frames { get; private set; }

    /// <summary>Encodes <paramref name="frame"/> (pixels (3, S, S) in [0, 1], rounded to bytes).</summary>
    public void Write(CameraFrame frame)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (frame.Size != Size) throw new ArgumentException($"The frame is {frame.Size}² but the video is {Size}².", nameof(frame));
        frame.ToInterleaved(_rgb, channels: 3);
        try
        {
            _input.Write(_rgb);
        }
        catch (IOException e)
        {
            // ffmpeg closed the pipe: let it exit so its last stderr lines are in.
            _ffmpeg.WaitForExit(TimeSpan.FromSeconds(2));
            throw new IOException($"ffmpeg stopped encoding '{Path}' at frame {Frames}: {Tail()}", e);
        }
        Frames++;
    }

    /// <summary>Closes the stream, waits for ffmpeg and moves the video into place; throws with ffmpeg's last lines when encoding failed.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        try
        {
            _input.Dispose();
            var code = _ffmpeg.WaitForExit(TimeSpan.FromMinutes(2));
            if (code != 0) throw new IOException($"ffmpeg could not encode '{Path}' ({(code is null ? "timed out" : $"exit code {code}")}): {Tail()}");
            File.Move(_temp, Path, overwrite: true);
        }
        finally
        {
            Cleanup();
        }
    }

    /// <summary>Kills ffmpeg if unfinished and removes the temporary file.</summary>
    public void Dispose()
    {
        _done = true;
        Cleanup();
    }

    private string Tail() => _ffmpeg.Tail();

    private void Cleanup()
    {
        _ffmpeg.Dispose();
        try
        {
            File.Delete(_temp);
        }
        catch (IOException) { }
    }
}
