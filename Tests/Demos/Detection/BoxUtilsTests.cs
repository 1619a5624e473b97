using Myelin.Demos.Detection;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

public class BoxUtilsTests
{
    private const float Tolerance = 1e-5f;

    [Test]
    public void Iou_OfTwoOverlappingSquares_IsIntersectionOverUnion()
    {
        // 4×4 squares offset by (2,2): intersection 2·2 = 4, union 16 + 16 − 4 = 28.
        Assert.That(BoxUtils.Iou(new Box(0, 0, 4, 4), new Box(2, 2, 6, 6)), Is.EqualTo(4f / 28f).Within(Tolerance));
        // Half-shifted 10×10: intersection 50, union 150.
        Assert.That(BoxUtils.Iou(new Box(0, 0, 10, 10), new Box(5, 0, 15, 10)), Is.EqualTo(1f / 3f).Within(Tolerance));
        Assert.That(BoxUtils.Iou(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10)), Is.EqualTo(1f).Within(Tolerance));
        Assert.That(BoxUtils.Iou(new Box(0, 0, 1, 1), new Box(1, 1, 2, 2)), Is.Zero, "touching corners do not overlap");
    }

    [Test]
    public void Nms_SuppressesOnlySameClassOverlapsAboveTheThreshold()
    {
        var best = new DetectedBox(new Box(0, 0, 10, 10), 0, 0.9f);
        // IoU with best: 9·9 = 81 over 100 + 100 − 81 = 119 → 0.68 > 0.5: suppressed.
        var duplicate = new DetectedBox(new Box(1, 1, 11, 11), 0, 0.8f);
        var otherClass = new DetectedBox(new Box(1, 1, 11, 11), 1, 0.7f);
        var elsewhere = new DetectedBox(new Box(20, 20, 30, 30), 0, 0.6f);
        var kept = BoxUtils.Nms([elsewhere, duplicate, otherClass, best], 0.5f);
        Assert.That(kept, Is.EqualTo(new[] { best, otherClass, elsewhere }));
        Assert.That(BoxUtils.Nms([best, duplicate], 0.7f), Has.Count.EqualTo(2), "0.68 is under a 0.7 threshold");
    }

    [Test]
    public void AveragePrecision_InterpolatesPrecisionOverRecall()
    {
        // 3 objects; detections in score order TP, FP, TP, FP:
        // precision 1, 1/2, 2/3, 1/2; recall 1/3, 1/3, 2/3, 2/3.
        // Interpolated precision 1, 2/3, 2/3, 1/2 → AP = 1/3·1 + 1/3·2/3 = 5/9.
        Assert.That(BoxUtils.AveragePrecision([true, false, true, false], 3), Is.EqualTo(5f / 9f).Within(Tolerance));
        Assert.That(BoxUtils.AveragePrecision([true, true], 2), Is.EqualTo(1f).Within(Tolerance));
        Assert.That(BoxUtils.AveragePrecision([], 2), Is.Zero);
        Assert.That(BoxUtils.AveragePrecision([true], 0), Is.NaN);
    }

    [Test]
    public void MeanAveragePrecision_MatchesByClassAndIouAndAveragesClasses()
    {
        var truths = new List<IReadOnlyList<LabeledBox>>
        {
            new[] { new LabeledBox(new Box(0, 0, 10, 10), 0), new LabeledBox(new Box(20, 0, 30, 10), 1) },
            new[] { new LabeledBox(new Box(0, 0, 10, 10), 0) },
        };
        var detections = new List<IReadOnlyList<DetectedBox>>
        {
            // Class 1: a false positive (wrong place) outranks the true one → precision 0, 1/2 at recall 0, 1 → AP 1/2.
            new[] { new DetectedBox(new Box(0, 0, 10, 10), 0, 0.9f), new DetectedBox(new Box(50, 50, 60, 60), 1, 0.8f), new DetectedBox(new Box(21, 0, 31, 10), 1, 0.7f) },
            // Class 0 found in both images → AP 1. A duplicate of a matched object is a false positive but ranks last.
            new[] { new DetectedBox(new Box(0, 0, 10, 10), 0, 0.6f), new DetectedBox(new Box(0, 0, 10, 10), 0, 0.1f) },
        };
        Assert.That(BoxUtils.MeanAveragePrecision(detections, truths, 4, 0.5f), Is.EqualTo(0.75f).Within(Tolerance));
        // The class-1 hit has IoU 9·10/(100 + 100 − 90) = 0.818: a miss at 0.85, so class 1 scores 0.
        Assert.That(BoxUtils.MeanAveragePrecision(detections, truths, 4, 0.85f), Is.EqualTo(0.5f).Within(Tolerance));
        // Over 0.50..0.95: class 0 is 1 everywhere; class 1 is 1/2 at 0.50..0.80 (7 thresholds), 0 above.
        Assert.That(BoxUtils.MeanAveragePrecision50To95(detections, truths, 4), Is.EqualTo((1f + 0.5f * 7 / 10) / 2).Within(Tolerance));
    }

    [Test]
    public void AssignTargets_ThenDecode_RecoversTheBoxes()
    {
        var grid = new GridGeometry(16, 8);
        var objects = new[]
        {
            new LabeledBox(new Box(3, 5, 23, 29), 2),
            new LabeledBox(new Box(60.5f, 70, 100, 90.25f), 0),
            new LabeledBox(new Box(110, 100, 128, 128), 3),
        };
        var targets = new float[16 * 16 * GridGeometry.TargetWidth];
        Assert.That(BoxUtils.AssignTargets(objects, grid, targets), Is.EqualTo(3));
        // The first box's centre (13, 17) lies in cell row 2, col 1 at offsets (0.625, 0.125).
        var cell = (2 * 16 + 1) * GridGeometry.TargetWidth;
        Assert.That(targets.AsSpan(cell, 4).ToArray(), Is.EqualTo(new[] { 1f, 2f, 0.625f, 0.125f }));
        var decoded = BoxUtils.DecodeTargets(targets, grid);
        Assert.That(decoded, Has.Count.EqualTo(3));
        foreach (var o in objects)
        {
            var match = decoded.Single(d => d.Class == o.Class);
            Assert.That(BoxUtils.Iou(match.Box, o.Box), Is.GreaterThan(0.9999f), $"{o} came back as {match}");
        }
    }

    [Test]
    public void AssignTargets_GivesASharedCellToTheSmallerObject()
    {
        var grid = new GridGeometry(4, 8);
        var targets = new float[4 * 4 * GridGeometry.TargetWidth];
        var big = new LabeledBox(new Box(0, 0, 8, 8), 1);
        var small = new LabeledBox(new Box(2, 2, 6, 6), 3);
        Assert.That(BoxUtils.AssignTargets([small, big], grid, targets), Is.EqualTo(1));
        Assert.That(BoxUtils.DecodeTargets(targets, grid).Single().Class, Is.EqualTo(3));
    }
}
