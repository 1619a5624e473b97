using System.Diagnostics;
using Myelin.Demos.Detection;
using Myelin.Demos.Detection.Sources;
using Myelin.Editor.Commands;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection.Sources;

/// <summary>
/// Records short synthetic videos with `myelin record` (ffmpeg encodes) and reads them back through
/// <see cref="FfmpegSource"/>. Needs ffmpeg: CI installs it (.ci/run); a machine without it fails here
/// with the install command rather than skipping.
/// </summary>
public class FfmpegSourceTests
{
    private const int Size = 64;
    private const int Frames = 12;
    private const ulong Seed = 3;
    // A lossless video holds the camera's floats rounded to bytes: off by at most half a step.
    private const float ByteRounding = 0.5f / 255f + 1e-6f;
    // H.264 at CRF 18 with 4:2:0 chroma on 64² cluttered frames (small objects, sharp colour edges):
    // measured mean |error| 0.015–0.025 and PSNR 28.3–32.0 dB per frame. The bounds sit between that
    // and the next frame of the clip (mean |error| 0.060, PSNR 20.3 dB), so a shifted or swapped
    // frame fails while another x264 build's rounding passes.
    // Measured on the game-world frames: h264 at most 0.021; two neighbouring renders differ by 0.037.
    private const double H264MeanAbsError = 0.03;
    private const double H264MinPsnr = 25;
    private const float RedLevel = 250f / 255f;

    private string _dir = "";
    private string _lossless = "";
    private string _h264 = "";
    private readonly CameraFrame[] _truth = new CameraFrame[Frames];

    [OneTimeSetUp]
    public void RecordVideos()
    {
        var ffmpeg = FindOnPath("ffmpeg");
        Assert.That(ffmpeg, Is.Not.Null, "ffmpeg is not installed: these tests need it (apt-get install ffmpeg; .ci/run installs it).");
        _dir = Path.Combine(Path.GetTempPath(), "myelin-ffmpeg-" + Guid.NewGuid().ToString("N"));
        _lossless = Path.Combine(_dir, "lossless.mp4");
        _h264 = Path.Combine(_dir, "h264.mp4");
        RecordCommand.Run(new RecordCommand.Settings(Frames, _lossless, null, Size, Seed, 30, VideoCodec.Lossless), TextWriter.Null);
        RecordCommand.Run(new RecordCommand.Settings(Frames, _h264, null, Size, Seed, 30, VideoCodec.H264), TextWriter.Null);
        var camera = new SyntheticCamera(Size, Seed);
        for (var i = 0; i < Frames; i++) _truth[i] = camera.Render(i);
    }

    [OneTimeTearDown]
    public void RemoveVideos()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void RealTime_PlaysAtItsOwnPace_TryReadNeverWaits_AndEveryFrameArrivesInOrder()
    {
        using var source = new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { RealTime = true });
        Assert.That(source.IsLive, Is.True);
        var frame = new CameraFrame(Size);
        var between = 0;
        var got = new List<float[]>();
        // 12 frames at 30 fps take 0.4 s; the loop gives up after a few seconds at most.
        for (var i = 0; i < 4000 && got.Count < Frames; i++)
        {
            if (source.TryRead(frame)) got.Add((float[])frame.Pixels.Clone());
            else if (source.Error is null) { between++; Thread.Sleep(1); }
            else Assert.Fail($"the stream failed: {source.Error}");
        }
        Assert.That(between, Is.GreaterThan(0), "between frames a live source returns false at once, with no error");
        Assert.That(got, Has.Count.EqualTo(Frames), "a file played in real time still delivers every frame");
        for (var f = 0; f < Frames; f++)
            Assert.That(MaxAbsError(got[f], _truth[f].Pixels), Is.LessThanOrEqualTo(ByteRounding), $"frame {f} in order");
    }

    [Test]
    public void Record_WritesTheVideoAndLabelsAtomically_AndTheLabelsAreTheCamerasBoxes()
    {
        var files = Directory.GetFiles(_dir).Select(Path.GetFileName).ToList();
        Assert.That(files, Is.SupersetOf(new[] { "h264.json", "h264.mp4", "lossless.json", "lossless.mp4" }));
        Assert.That(files, Has.None.StartsWith("."), "no temporary files are left");
        var labels = LabelsFile.Read(Path.ChangeExtension(_lossless, ".json"));
        Assert.That((labels.Width, labels.Height, labels.Fps, labels.Seed), Is.EqualTo((Size, Size, 30.0, (ulong?)Seed)));
        Assert.That(labels.Classes, Is.EqualTo(new[] { "coin", "crate", "slime", "tree" }));
        Assert.That(labels.Frames, Has.Count.EqualTo(Frames));
        for (var i = 0; i < Frames; i++) Assert.That(labels.Frames[i], Is.EqualTo(_truth[i].Boxes), $"frame {i}");
        Assert.That(labels.Frames.Sum(f => f.Length), Is.GreaterThan(0), "the clip shows objects");
    }

    [Test]
    public void Lossless_ReadsBackEveryFrameAndItsBoxes_ThenEndsWithAnError()
    {
        using var source = new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { LabelsPath = Path.ChangeExtension(_lossless, ".json") });
        Assert.That(source.HasLabels, Is.True);
        Assert.That(source.Name, Is.EqualTo("lossless.mp4"));
        var frame = new CameraFrame(Size);
        for (var i = 0; i < Frames; i++)
        {
            Assert.That(source.TryRead(frame), Is.True, $"frame {i}: {source.Error}");
            Assert.That(source.Error, Is.Null);
            Assert.That(MaxAbsError(frame.Pixels, _truth[i].Pixels), Is.LessThanOrEqualTo(ByteRounding), $"frame {i}");
            Assert.That(frame.Boxes, Is.EqualTo(_truth[i].Boxes), $"frame {i}");
            Assert.That(frame.Owner, Has.All.EqualTo(-1), "video frames do not know which object owns a pixel");
        }
        var last = (float[])frame.Pixels.Clone();
        Assert.That(source.TryRead(frame), Is.False, "the stream has ended");
        Assert.That(source.Error, Does.Contain("ended after 12 frames"));
        Assert.That(frame.Pixels, Is.EqualTo(last), "a failed read leaves the frame unchanged");
        Assert.That(source.TryRead(frame), Is.False, "and stays ended");
        Assert.That(source.FramesRead, Is.EqualTo(Frames));
    }

    [Test]
    public void H264_FramesMatchTheRendersWithinTheCodecTolerance()
    {
        using var source = new FfmpegSource(_h264, Size, new FfmpegSourceOptions { LabelsPath = Path.ChangeExtension(_h264, ".json") });
        var frame = new CameraFrame(Size);
        for (var i = 0; i < Frames; i++)
        {
            Assert.That(source.TryRead(frame), Is.True, $"frame {i}: {source.Error}");
            var (mae, psnr) = Compare(frame.Pixels, _truth[i].Pixels);
            TestContext.Out.WriteLine($"h264 frame {i}: mean |error| {mae:F4}, PSNR {psnr:F1} dB");
            Assert.That(mae, Is.LessThan(H264MeanAbsError), $"frame {i}");
            Assert.That(psnr, Is.GreaterThan(H264MinPsnr), $"frame {i}");
            Assert.That(frame.Boxes, Is.EqualTo(_truth[i].Boxes), $"frame {i}");
        }
        // The neighbouring frame is already outside the bounds: they tell frames apart.
        var (neighbourMae, neighbourPsnr) = Compare(_truth[0].Pixels, _truth[1].Pixels);
        TestContext.Out.WriteLine($"render 0 vs 1: mean |error| {neighbourMae:F4}, PSNR {neighbourPsnr:F1} dB");
        Assert.That(neighbourMae, Is.GreaterThan(H264MeanAbsError));
        Assert.That(neighbourPsnr, Is.LessThan(H264MinPsnr));
    }

    [Test]
    public void Loop_ReplaysTheFile_WithItsLabels_AndReadsAllocateNothing()
    {
        using var source = new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { Loop = true, LabelsPath = Path.ChangeExtension(_lossless, ".json") });
        var frame = new CameraFrame(Size);
        for (var i = 0; i < Frames; i++) Assert.That(source.TryRead(frame), Is.True, source.Error);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2 * Frames; i++)
            if (!source.TryRead(frame)) Assert.Fail($"looped read {i}: {source.Error}");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "steady-state reads allocate nothing");
        // 36 frames read: the last is frame 11 of the third pass.
        Assert.That(MaxAbsError(frame.Pixels, _truth[Frames - 1].Pixels), Is.LessThanOrEqualTo(ByteRounding));
        Assert.That(frame.Boxes, Is.EqualTo(_truth[Frames - 1].Boxes));
    }

    [Test]
    public void SmallerSize_ScalesFramesAndLabels()
    {
        const int half = Size / 2;
        using var source = new FfmpegSource(_lossless, half, new FfmpegSourceOptions { LabelsPath = Path.ChangeExtension(_lossless, ".json") });
        var frame = new CameraFrame(half);
        Assert.That(source.TryRead(frame), Is.True, source.Error);
        var expected = _truth[0].Boxes.Select(b => new LabeledBox(new Box(b.Box.X0 / 2, b.Box.Y0 / 2, b.Box.X1 / 2, b.Box.Y1 / 2), b.Class));
        Assert.That(frame.Boxes, Is.EqualTo(expected));
        // A 2×2 downscale is close to the average of each 2×2 block of the render.
        double sum = 0;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < half; y++)
                for (var x = 0; x < half; x++)
                {
                    var t = _truth[0].Pixels;
                    var o = c * Size * Size;
                    var mean = 0.25f * (t[o + 2 * y * Size + 2 * x] + t[o + 2 * y * Size + 2 * x + 1] + t[o + (2 * y + 1) * Size + 2 * x] + t[o + (2 * y + 1) * Size + 2 * x + 1]);
                    sum += Math.Abs(frame.Pixels[c * half * half + y * half + x] - mean);
                }
        Assert.That(sum / (3 * half * half), Is.LessThan(0.05));
    }

    [Test]
    public void NonSquareVideo_IsFittedAndPaddedWithBlack_AndItsLabelsFollow()
    {
        // A 96×48 solid red clip, lossless: at 64² it scales to 64×32 with 16 black rows above and below.
        var clip = Path.Combine(_dir, "wide.mp4");
        RunFfmpeg("-f", "lavfi", "-i", "color=c=red:size=96x48:rate=30", "-frames:v", "3", "-c:v", "libx264rgb", "-qp", "0", clip);
        var labels = new DetectionLabels(96, 48, 30, null, ["crate"]);
        for (var i = 0; i < 3; i++) labels.Add([new LabeledBox(new Box(0, 0, 96, 48), 0), new LabeledBox(new Box(48, 12, 72, 36), 0)]);
        var labelsPath = Path.Combine(_dir, "wide.json");
        LabelsFile.Write(labelsPath, labels);
        using var source = new FfmpegSource(clip, Size, new FfmpegSourceOptions { LabelsPath = labelsPath });
        var frame = new CameraFrame(Size);
        Assert.That(source.TryRead(frame), Is.True, source.Error);
        var area = Size * Size;
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var inside = y is >= 16 and < 48;
                var (r, g, b) = (frame.Pixels[y * Size + x], frame.Pixels[area + y * Size + x], frame.Pixels[2 * area + y * Size + x]);
                // lavfi's red goes through YUV on its way to RGB: within a few levels of 255.
                if (inside) Assert.That(r > RedLevel && g < 1 - RedLevel && b < 1 - RedLevel, $"pixel ({x},{y}) is ({r}, {g}, {b}), not red");
                else Assert.That((r, g, b), Is.EqualTo((0f, 0f, 0f)), $"pixel ({x},{y}) is padding");
            }
        var crate = (int)ObjectClass.Crate;
        Assert.That(frame.Boxes, Is.EqualTo(new[] { new LabeledBox(new Box(0, 16, 64, 48), crate), new LabeledBox(new Box(32, 24, 48, 40), crate) }));
    }

    [Test]
    public void MissingFile_FailsAtOpen_NamingTheFile()
    {
        var missing = Path.Combine(_dir, "nope.mp4");
        var e = Assert.Throws<FrameSourceException>(() => new FfmpegSource(missing, Size))!;
        Assert.That(e.Message, Does.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public void MissingFfmpeg_FailsAtOpen_NamingTheInstallCommand()
    {
        var e = Assert.Throws<FrameSourceException>(() => new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { FfmpegPath = "/nonexistent/bin/ffmpeg" }))!;
        Assert.That(e.Message, Does.Contain("/nonexistent/bin/ffmpeg").And.Contain("apt-get install ffmpeg"));
        var onPath = Assert.Throws<FrameSourceException>(() => new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { FfmpegPath = "ffmpeg-not-installed-here" }))!;
        Assert.That(onPath.Message, Does.Contain("not found on PATH").And.Contain("apt-get install ffmpeg"));
    }

    [Test]
    public void MissingCamera_FailsAtOpen_NamingTheDevice()
    {
        var e = Assert.Throws<FrameSourceException>(() => new FfmpegSource("/dev/video97", Size))!;
        Assert.That(e.Message, Does.Contain("/dev/video97").And.Contain("No camera"));
    }

    [Test]
    public void DeviceThatIsNoCamera_FailsAtOpen_WithV4l2sWordsAndAHint()
    {
        // /dev/null exists but is no V4L2 device: ffmpeg's v4l2 input refuses it.
        var e = Assert.Throws<FrameSourceException>(() => new FfmpegSource("/dev/null", Size))!;
        Assert.That(e.Message, Does.Contain("ffmpeg could not read '/dev/null'").And.Contain("v4l2").And.Contain("'video' group"));
    }

    [Test]
    public void CorruptFile_FailsAtOpen_WithFfmpegsOwnWords()
    {
        var corrupt = Path.Combine(_dir, "corrupt.mp4");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(corrupt, bytes);
        var e = Assert.Throws<FrameSourceException>(() => new FfmpegSource(corrupt, Size))!;
        Assert.That(e.Message, Does.Contain("ffmpeg could not read").And.Contain(corrupt).And.Contain("exit code"));
        Assert.That(e.Message, Does.Contain("Invalid data found"), "ffmpeg's stderr is quoted");
    }

    [Test]
    public void LabelsForFewerFrames_AreRefusedAtOpen_NamingBothFilesAndCounts()
    {
        var labels = LabelsFile.Read(Path.ChangeExtension(_lossless, ".json"));
        labels.Frames.RemoveRange(5, Frames - 5);
        var shortLabels = Path.Combine(_dir, "short.json");
        LabelsFile.Write(shortLabels, labels);

        // Looping, the 5 labels would otherwise score frames 5..11 against frames 0..6's boxes.
        var e = Assert.Throws<InvalidDataException>(() => new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { Loop = true, LabelsPath = shortLabels }))!;

        Assert.That(e.Message, Does.Contain(shortLabels).And.Contain(_lossless).And.Contain("5 frames").And.Contain("12"));
    }

    [Test]
    public void LabelsForAnotherFrameSize_AreRefusedAtOpen_NamingBothSizes()
    {
        var labels = LabelsFile.Read(Path.ChangeExtension(_lossless, ".json"));
        var wide = new DetectionLabels(2 * Size, 2 * Size, labels.Fps, labels.Seed, labels.Classes);
        foreach (var f in labels.Frames) wide.Add(f);
        var wrongSize = Path.Combine(_dir, "wrong-size.json");
        LabelsFile.Write(wrongSize, wide);

        var e = Assert.Throws<InvalidDataException>(() => new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { LabelsPath = wrongSize }))!;

        Assert.That(e.Message, Does.Contain(wrongSize).And.Contain(_lossless).And.Contain("128×128").And.Contain("64×64"));
    }

    [Test]
    public void Dispose_MidStream_KillsAndReapsFfmpeg()
    {
        var source = new FfmpegSource(_lossless, Size, new FfmpegSourceOptions { Loop = true });
        Assert.That(ChildFfmpegs(), Is.Not.Empty, "ffmpeg runs while the source is open");
        var frame = new CameraFrame(Size);
        Assert.That(source.TryRead(frame), Is.True, source.Error);
        source.Dispose();
        Assert.That(ChildFfmpegs(), Is.Empty, "no ffmpeg child (running or zombie) is left");
        Assert.That(source.TryRead(frame), Is.False);
        Assert.That(source.Error, Does.Contain("closed"));
        source.Dispose();
    }

    private static float MaxAbsError(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }

    private static (double Mae, double Psnr) Compare(float[] a, float[] b)
    {
        double abs = 0, square = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            abs += Math.Abs(d);
            square += d * d;
        }
        return (abs / a.Length, 10 * Math.Log10(1 / Math.Max(square / a.Length, 1e-12)));
    }

    // Processes whose parent is this test process and whose name is ffmpeg (zombies included), from /proc.
    private static List<int> ChildFfmpegs()
    {
        var me = Environment.ProcessId;
        var children = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            // pid (comm) state ppid ...
            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            var ppid = int.Parse(stat[(close + 2)..].Split(' ')[1]);
            if (ppid == me && comm == "ffmpeg") children.Add(pid);
        }
        return children;
    }

    private static void RunFfmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-nostdin", "-y" }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"ffmpeg {string.Join(' ', args)}: {err}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
