using Myelin.Demos.Detection;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

public class DetectionScorerTests
{
    private const float Tolerance = 1e-5f;

    [Test]
    public void PerfectDetections_ScoreOne()
    {
        var scorer = new DetectionScorer();
        var coin = new LabeledBox(new Box(0, 0, 10, 10), (int)ObjectClass.Coin);
        var tree = new LabeledBox(new Box(20, 20, 40, 50), (int)ObjectClass.Tree);
        scorer.Add([new DetectedBox(coin.Box, coin.Class, 0.9f)], [coin]);
        scorer.Add([new DetectedBox(tree.Box, tree.Class, 0.8f), new DetectedBox(coin.Box, coin.Class, 0.7f)], [tree, coin]);
        Assert.That(scorer.Frames, Is.EqualTo(2));
        Assert.That(scorer.Map50(), Is.EqualTo(1f).Within(Tolerance));
        Assert.That(scorer.Map50To95(), Is.EqualTo(1f).Within(Tolerance));
    }

    [Test]
    public void LooseBox_CountsAtLowIouThresholdsOnly()
    {
        var scorer = new DetectionScorer();
        // IoU 78/100 = 0.78: a hit at 0.50, 0.55, …, 0.75 (6 of the 10 thresholds), a miss above.
        scorer.Add([new DetectedBox(new Box(0, 0, 10, 7.8f), 0, 0.9f)], [new LabeledBox(new Box(0, 0, 10, 10), 0)]);
        Assert.That(scorer.Map50(), Is.EqualTo(1f).Within(Tolerance));
        Assert.That(scorer.Map50To95(), Is.EqualTo(0.6f).Within(Tolerance));
    }

    [Test]
    public void WrongClass_AndMissedObjects_LowerTheScore()
    {
        var scorer = new DetectionScorer();
        var box = new Box(0, 0, 10, 10);
        // Class 0: found in frame 0, missed in frame 1 → AP 1/2. Class 1: only a wrong-class guess → AP 0.
        scorer.Add([new DetectedBox(box, 0, 0.9f)], [new LabeledBox(box, 0)]);
        scorer.Add([new DetectedBox(box, 0, 0.8f)], [new LabeledBox(box, 1), new LabeledBox(new Box(50, 50, 60, 60), 0)]);
        Assert.That(scorer.Map50(), Is.EqualTo(0.25f).Within(Tolerance));
        IReadOnlyList<IReadOnlyList<DetectedBox>> detections = [[new DetectedBox(box, 0, 0.9f)], [new DetectedBox(box, 0, 0.8f)]];
        IReadOnlyList<IReadOnlyList<LabeledBox>> truths = [[new LabeledBox(box, 0)], [new LabeledBox(box, 1), new LabeledBox(new Box(50, 50, 60, 60), 0)]];
        Assert.That(scorer.Map50To95(), Is.EqualTo(BoxUtils.MeanAveragePrecision50To95(detections, truths, 4)).Within(Tolerance), "the streaming scorer agrees with the batch reference");
        scorer.Clear();
        Assert.That(scorer.Frames, Is.Zero);
        Assert.That(scorer.Map50(), Is.NaN, "no ground truth, no score");
    }

    [Test]
    public void AddingFramesAllocatesNothingOnceWarm()
    {
        var scorer = new DetectionScorer();
        var box = new Box(0, 0, 10, 10);
        List<DetectedBox> detections = [new(box, 0, 0.9f), new(new Box(1, 1, 11, 11), 1, 0.4f)];
        List<LabeledBox> truths = [new(box, 0), new(new Box(2, 2, 12, 12), 1)];
        for (var i = 0; i < 20; i++) scorer.Add(detections, truths);
        scorer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) scorer.Add(detections, truths);
        var map = scorer.Map50();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(map, Is.GreaterThan(0.5f));
    }
}
