using System.Globalization;

namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// Frames from a video file or a V4L2 webcam (<c>/dev/videoN</c>) through an ffmpeg child process:
/// ffmpeg scales each frame to fit a <see cref="Size"/>² square (aspect kept), pads it with black,
/// and writes raw RGB24 to a pipe; a reader thread fills a ring of preallocated buffers, and
/// <see cref="TryRead"/> converts the oldest (files: every frame in order) or newest (cameras: stale
/// frames are dropped) to the (3, S, S) float layout. Opening throws <see cref="FrameSourceException"/>
/// when ffmpeg, the file or the device is missing or no frame can be decoded; afterwards a failing or
/// ended stream only makes <see cref="TryRead"/> return false with <see cref="Error"/> set.
/// </summary>
public sealed partial class FfmpegSource : IFrameSource
{
    private readonly FfmpegSourceOptions _options;
    private readonly FfmpegProcess _ffmpeg;
    private readonly LabeledBox[][]? _labels;
    private readonly string _timeoutMessage;
    private bool _disposed;

    /// <summary>
    /// Starts ffmpeg on <paramref name="input"/> (a video file, or <c>/dev/videoN</c> for a V4L2
    /// camera) and waits for its first frame; throws <see cref="FrameSourceException"/> naming the
    /// fix when that fails, and the <see cref="LabelsFile"/> errors for a bad labels file.
    /// </summary>
    public FfmpegSource(string input, int size, FfmpegSourceOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        _options = options ?? new FfmpegSourceOptions();
        Input = input;
        Size = size;
        IsCamera = input.StartsWith("/dev/", StringComparison.Ordinal);
        Name = IsCamera ? input : Path.GetFileName(input);
        CheckInputExists(input, IsCamera);
        if (_options.LabelsPath is { } labelsPath)
        {
            var labels = LabelsFile.Read(labelsPath);
            _labels = FitLabels(labels, size, labelsPath);
            if (!IsCamera) CheckLabelsMatch(labels, labelsPath);
        }
        _timeoutMessage = string.Create(CultureInfo.InvariantCulture, $"no frame from '{Name}' for {_options.FrameTimeout.TotalSeconds:0.#} s (ffmpeg is stuck or the camera stopped sending)");
        _slots = new byte[SlotCount][];
        for (var i = 0; i < SlotCount; i++) _slots[i] = new byte[3 * size * size];
        _ffmpeg = FfmpegProcess.Start(_options.FfmpegPath, Arguments(input, size, IsCamera, _options.Loop && !IsCamera, _options.RealTime && !IsCamera), readStdout: true, writeStdin: false);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"ffmpeg reader {Name}" };
        _reader.Start();
        if (!WaitForFirstFrame(out var why))
        {
            Dispose();
            var hint = IsCamera ? " (is another program using the camera? is your user in the 'video' group?)" : "";
            throw new FrameSourceException($"ffmpeg could not read '{input}': {why}{hint}.");
        }
    }

    /// <summary>The file path or device as given.</summary>
    public string Input { get; }

    /// <summary>True for a V4L2 camera (live: stale frames are dropped, no looping).</summary>
    public bool IsCamera { get; }

    /// <summary>
    /// True for a camera or a file played in real time: frames arrive at their own pace, and
    /// <see cref="TryRead"/> never waits for the next one — between frames it returns false with
    /// <see cref="Error"/> null, and the caller keeps showing the last frame.
    /// </summary>
    public bool IsLive => IsCamera || _options.RealTime;

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public bool HasLabels => _labels is not null;

    /// <inheritdoc/>
    public string? Error { get; private set; }

    /// <summary>Frames returned by <see cref="TryRead"/> so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary>Frames the camera produced that were dropped because newer ones arrived first.</summary>
    public long FramesDropped { get; private set; }

    /// <inheritdoc/>
    public bool TryRead(CameraFrame frame)
    {
        if (frame.Size != Size) throw new ArgumentException($"The frame is {frame.Size}² but '{Name}' is read at {Size}².", nameof(frame));
        if (_disposed)
        {
            Error = $"'{Name}' is closed";
            return false;
        }
        if (!TakeFrame(frame, out var why))
        {
            Error = why;
            return false;
        }
        frame.Boxes.Clear();
        Array.Fill(frame.Owner, -1);
        if (_labels is not null)
            foreach (var b in _labels[FramesRead % _labels.Length]) frame.Boxes.Add(b);
        FramesRead++;
        Error = null;
        return true;
    }

    /// <summary>Stops the reader, kills ffmpeg and reaps it; idempotent.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        StopReader();
        _ffmpeg?.Dispose();
    }

    // ffmpeg: decode, scale to fit S×S keeping the aspect (chroma interpolated and rounded accurately:
    // +1 dB PSNR on 4:2:0 video), pad centred with black, raw RGB24 on stdout.
    private static List<string> Arguments(string input, int size, bool camera, bool loop, bool realTime)
    {
        var s = size.ToString(CultureInfo.InvariantCulture);
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error" };
        if (loop) args.AddRange(["-stream_loop", "-1"]);
        if (camera) args.AddRange(["-f", "v4l2"]);
        if (realTime) args.Add("-re");
        args.AddRange(["-i", input, "-an", "-sn", "-dn",
            "-vf", $"scale={s}:{s}:force_original_aspect_ratio=decrease:flags=bicubic+accurate_rnd+full_chroma_int,format=rgb24,pad={s}:{s}:(ow-iw)/2:(oh-ih)/2:black",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]);
        return args;
    }

    private static void CheckInputExists(string input, bool camera)
    {
        if (camera)
        {
            if (!File.Exists(input))
                throw new FrameSourceException($"No camera at '{input}': plug in a V4L2 webcam and list the devices with `ls /dev/video*` (or `v4l2-ctl --list-devices`).");
            return;
        }
        if (input.Contains("://", StringComparison.Ordinal)) return;
        if (Directory.Exists(input)) throw new FrameSourceException($"'{input}' is a folder, not a video file.");
        if (!File.Exists(input)) throw new FrameSourceException($"The video file '{input}' does not exist (record one with `myelin record --out {input}`).");
    }

    // Labels of another clip would be scored silently (a looping file replays them against the wrong
    // frames), so the frame count and size must be the video's own.
    private void CheckLabelsMatch(DetectionLabels labels, string labelsPath)
    {
        var (frames, width, height) = VideoProbe.Run(_options.FfmpegPath, Input, _options.FrameTimeout);
        if (labels.Width != width || labels.Height != height)
            throw new InvalidDataException($"Labels file '{labelsPath}' is for {labels.Width}×{labels.Height} frames but the video '{Input}' is {width}×{height}: record the video and its labels together with `myelin record`.");
        if (labels.Frames.Count != frames)
            throw new InvalidDataException($"Labels file '{labelsPath}' lists {labels.Frames.Count} frames but the video '{Input}' holds {frames}: record the video and its labels together with `myelin record`.");
    }

    // Maps labels from the recorded W×H frame into the padded S×S square the same way ffmpeg's
    // scale (force_original_aspect_ratio=decrease, sizes rounded) and pad ((S − w) / 2) do.
    private static LabeledBox[][] FitLabels(DetectionLabels labels, int size, string path)
    {
        var remap = new int[labels.Classes.Count];
        var known = DetectionLabels.ObjectClassNames;
        for (var c = 0; c < remap.Length; c++)
        {
            remap[c] = DetectionLabels.IndexOf(known, labels.Classes[c], StringComparison.OrdinalIgnoreCase);
            if (remap[c] < 0) throw new InvalidDataException($"Labels file '{path}': class \"{labels.Classes[c]}\" is not one the detector knows ({string.Join(", ", known)}).");
        }
        if (labels.Frames.Count == 0) throw new InvalidDataException($"Labels file '{path}' lists no frames.");
        var (w, h) = (labels.Width, labels.Height);
        var sw = Math.Min(size, (int)Math.Round((double)size * w / h, MidpointRounding.AwayFromZero));
        var sh = Math.Min(size, (int)Math.Round((double)size * h / w, MidpointRounding.AwayFromZero));
        var (ox, oy) = ((size - sw) / 2, (size - sh) / 2);
        var (kx, ky) = ((double)sw / w, (double)sh / h);
        var fitted = new LabeledBox[labels.Frames.Count][];
        for (var f = 0; f < fitted.Length; f++)
        {
            var src = labels.Frames[f];
            fitted[f] = new LabeledBox[src.Length];
            for (var i = 0; i < src.Length; i++)
            {
                var b = src[i].Box;
                fitted[f][i] = new LabeledBox(new Box((float)(ox + b.X0 * kx), (float)(oy + b.Y0 * ky), (float)(ox + b.X1 * kx), (float)(oy + b.Y1 * ky)), remap[src[i].Class]);
            }
        }
        return fitted;
    }
}
