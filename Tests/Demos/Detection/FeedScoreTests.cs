using Myelin.Demos.Detection;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

/// <summary>
/// Why the detect scene's live-feed mAP@0.5 differs from its validation mAP: the feed's 30-frame
/// worlds make a short run a handful of worlds, so its score swings with those few worlds; over as
/// many worlds as the validation set the two agree.
/// </summary>
public class FeedScoreTests
{
    private static string Fixture => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "detect", "detect128.myelin");

    // The scene's feed: SyntheticSource(size, seed 7), 30 frames per world; the scene's NMS IoU 0.45.
    private const ulong FeedSeed = 7;
    private const float NmsIou = 0.45f;

    private static float Score(Detector detector, SyntheticCamera camera, int count, Func<int, long> index)
    {
        var map = new MapEvaluator(Detector.Classes, 0.5f, count * 64);
        var frame = new CameraFrame(camera.Size);
        var found = new List<DetectedBox>();
        for (var i = 0; i < count; i++)
        {
            camera.Render(index(i), frame);
            detector.Detect(frame, Detector.EvaluationConfidence, NmsIou, found);
            map.Add(found, frame.Boxes);
        }
        return map.MeanAveragePrecision();
    }

    [Test]
    public void OverAsManyWorldsAsValidation_TheFeedScoresLikeValidation_WhileFourWorldsSwing()
    {
        var detector = Detector.Load(Fixture);
        var validation = new MapEvaluator(Detector.Classes, 0.5f, 64 * Detector.ValidationFrames);
        var found = new List<DetectedBox>();
        foreach (var v in Detector.Validation(detector.Size))
        {
            detector.Detect(v, Detector.EvaluationConfidence, NmsIou, found);
            validation.Add(found, v.Boxes);
        }
        var validationMap = validation.MeanAveragePrecision();
        var feed = new SyntheticCamera(detector.Size, FeedSeed);
        // 4 frames from each of 16 worlds, as the validation set samples its worlds.
        var sixteenWorlds = Score(detector, feed, 64, i => i / 4 * feed.FramesPerScene + i % 4 * (feed.FramesPerScene / 4));
        // What a 120-frame run scores: all 120 frames of 4 worlds, in 8 different stretches of the feed.
        var windows = Enumerable.Range(0, 8).Select(w => Score(detector, feed, 120, i => w * 120L + i)).ToArray();
        TestContext.Out.WriteLine($"validation {validationMap:F3}; feed, 16 worlds x 4 frames {sixteenWorlds:F3}; "
            + $"feed, 120-frame windows (4 worlds) {string.Join(" ", windows.Select(m => m.ToString("F3")))}");
        Assert.That(sixteenWorlds, Is.EqualTo(validationMap).Within(0.1), "over as many worlds, the feed scores as validation does");
        Assert.That(windows.Max() - windows.Min(), Is.GreaterThan(0.05), "four worlds at a time, the feed's score swings");
    }
}
