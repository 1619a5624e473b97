using System.CommandLine;
using System.Diagnostics;
using Myelin.Demos.Detection;
using Myelin.Demos.Detection.Sources;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin record --frames N --out scene.mp4 [--labels scene.json] [--size 128] [--seed S] [--fps 30] [--codec h264|lossless]`:
/// renders the synthetic game camera, encodes the frames with ffmpeg and writes their ground-truth
/// boxes to a labels file (see <see cref="LabelsFile"/>), so detection on a real video file can be scored.
/// </summary>
public static class RecordCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var frames = NumberOption.Integer("--frames", "Frames to record.", 0, 1, int.MaxValue);
        frames.Required = true;
        var output = new Option<string>("--out") { Description = "Video file to write (.mp4, .mkv, ...: the container follows the extension).", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Labels file to write [default: the video's name with .json]." };
        var size = NumberOption.Integer("--size", "Frame width and height in pixels.", 128, 16, 4096);
        var seed = NumberOption.Seed("Seed of the synthetic camera.", 1);
        var fps = NumberOption.Real("--fps", "Frames per second of the video.", 30.0, 0, 1000);
        var codec = new Option<string>("--codec") { Description = "h264 (libx264 yuv420p CRF 18, plays everywhere) or lossless (libx264rgb QP 0, bit-exact RGB).", DefaultValueFactory = _ => "h264" };
        codec.AcceptOnlyFromAmong("h264", "lossless");
        var ffmpeg = new Option<string>("--ffmpeg") { Description = "The ffmpeg executable.", DefaultValueFactory = _ => "ffmpeg" };
        var command = new Command("record", "Record the synthetic camera to a video with ffmpeg, and its ground-truth boxes to a labels file.")
        {
            frames, output, labels, size, seed, fps, codec, ffmpeg,
        };
        command.SetAction(p => Run(new Settings(
            p.GetValue(frames), p.GetValue(output)!, p.GetValue(labels), p.GetValue(size), p.GetValue(seed), p.GetValue(fps),
            p.GetValue(codec) == "lossless" ? VideoCodec.Lossless : VideoCodec.H264, p.GetValue(ffmpeg)!), Console.Out));
        return command;
    }

    /// <summary>The parsed command line.</summary>
    public sealed record Settings(int Frames, string Out, string? Labels, int Size = 128, ulong Seed = 1, double Fps = 30, VideoCodec Codec = VideoCodec.H264, string Ffmpeg = "ffmpeg")
    {
        /// <summary>The labels file: <see cref="Labels"/>, or the video's path with .json.</summary>
        public string LabelsPath => Labels ?? Path.ChangeExtension(Out, ".json");
    }

    /// <summary>Records the video and labels; prints progress to <paramref name="log"/>; returns 0.</summary>
    public static int Run(Settings s, TextWriter log)
    {
        if (Path.GetFullPath(s.LabelsPath) == Path.GetFullPath(s.Out)) throw new ArgumentException($"--labels and --out are the same file '{s.Out}'.");
        OutputPath.File(s.Out, "--out");
        OutputPath.File(s.LabelsPath, "--labels");
        var camera = new SyntheticCamera(s.Size, s.Seed);
        var frame = new CameraFrame(s.Size);
        var labels = new DetectionLabels(s.Size, s.Size, s.Fps, s.Seed, DetectionLabels.ObjectClassNames);
        var clock = Stopwatch.StartNew();
        using (var video = new FfmpegVideoWriter(s.Out, s.Size, s.Fps, s.Codec, s.Ffmpeg))
        {
            var step = Math.Max(1, s.Frames / 10);
            for (var i = 0; i < s.Frames; i++)
            {
                camera.Render(i, frame);
                video.Write(frame);
                labels.Add(frame.Boxes);
                if ((i + 1) % step == 0 || i + 1 == s.Frames)
                    log.WriteLine($"record: {i + 1}/{s.Frames} frames ({(i + 1) / clock.Elapsed.TotalSeconds:F0} frames/s)");
            }
            video.Finish();
        }
        LabelsFile.Write(s.LabelsPath, labels);
        var boxes = labels.Frames.Sum(f => f.Length);
        log.WriteLine($"record: wrote {s.Out} ({new FileInfo(s.Out).Length / 1024.0:F1} KiB, {s.Frames} frames {s.Size}×{s.Size} at {s.Fps} fps, {(s.Codec == VideoCodec.H264 ? "h264" : "lossless")}) and {s.LabelsPath} ({boxes} boxes) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
