using Myelin.Demos.Detection;
using Myelin.Demos.Digits;
using Myelin.Serialization;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

public class DetectorTests
{
    [Test]
    public void Decode_InvertsTheTargetEncoding()
    {
        // Raw outputs that encode assigned targets exactly decode back to the same boxes and classes.
        var grid = new GridGeometry(8, 8);
        LabeledBox[] truth = [new(new Box(3, 5, 20, 30), 1), new(new Box(33.5f, 40, 60, 49), 3), new(new Box(10, 44, 17, 52), 0)];
        var targets = new float[64 * GridGeometry.TargetWidth];
        Assert.That(BoxUtils.AssignTargets(truth, grid, targets), Is.EqualTo(3));
        var raw = new float[Detector.Outputs * 64];
        for (var k = 0; k < 64; k++)
        {
            var row = targets.AsSpan(k * GridGeometry.TargetWidth, GridGeometry.TargetWidth);
            raw[k] = row[0] > 0 ? 12f : -12f;
            if (row[0] == 0) continue;
            raw[(1 + (int)row[1]) * 64 + k] = 20f;
            // centre = col + 2σ(x) − ½ = col + tx  ⇒  x = logit((tx + ½) / 2)
            raw[5 * 64 + k] = Logit((row[2] + 0.5f) / 2);
            raw[6 * 64 + k] = Logit((row[3] + 0.5f) / 2);
            raw[7 * 64 + k] = row[4];
            raw[8 * 64 + k] = row[5];
        }
        var candidates = new DetectedBox[64];
        var count = Detector.Decode(raw, grid, 0.5f, candidates);
        Assert.That(count, Is.EqualTo(3));
        foreach (var t in truth)
        {
            var match = candidates.Take(count).Single(d => d.Class == t.Class);
            Assert.That(match.Box.X0, Is.EqualTo(t.Box.X0).Within(1e-3f));
            Assert.That(match.Box.Y0, Is.EqualTo(t.Box.Y0).Within(1e-3f));
            Assert.That(match.Box.X1, Is.EqualTo(t.Box.X1).Within(1e-3f));
            Assert.That(match.Box.Y1, Is.EqualTo(t.Box.Y1).Within(1e-3f));
            Assert.That(match.Score, Is.GreaterThan(0.99f));
        }
    }

    // Objects whose boxes do not touch: the game world piles coins against crates, which a 64² grid
    // (4-px cells) cannot be asked to tell apart after 120 steps.
    private static bool Apart(CameraFrame f) =>
        f.Boxes.All(a => f.Boxes.All(b => a == b || BoxUtils.Iou(a.Box, b.Box) == 0));

    [Test]
    public void TinyDetector_OverfitsAFewFrames()
    {
        var camera = new SyntheticCamera(64, seed: 3, framesPerScene: 1);
        var frames = Enumerable.Range(0, 40).Select(i => camera.Render(i)).Where(f => f.Boxes.Count is > 0 and <= 3 && Apart(f)).Take(4).ToArray();
        Assert.That(frames, Has.Length.EqualTo(4));
        var detector = Detector.Create(64, seed: 2, learningRate: 5e-3f);
        var first = detector.TrainStep(frames);
        var last = first;
        for (var i = 0; i < 120; i++) last = detector.TrainStep(frames);
        TestContext.Out.WriteLine($"loss {first:F3} → {last:F3}");
        Assert.That(last, Is.LessThan(first / 5), "the loss should fall a lot on four repeated frames");
        var found = new List<DetectedBox>();
        foreach (var f in frames)
        {
            detector.Detect(f, 0.3f, 0.5f, found);
            foreach (var t in f.Boxes)
                Assert.That(found.Any(d => d.Class == t.Class && BoxUtils.Iou(d.Box, t.Box) >= 0.5f),
                    $"no detection of class {t.Class} at IoU ≥ 0.5 with {t.Box}; found {string.Join(", ", found)}");
        }
    }

    [Test]
    public void Load_RefusesAnInputSideOverTheLimit()
    {
        var path = Path.Combine(Path.GetTempPath(), "myelin-bigdetector-" + Guid.NewGuid().ToString("N") + ".myelin");
        try
        {
            new Model(Detector.Network(), new Shape(3, 1024, 1024)).Save(path);
            var e = Assert.Throws<ModelFormatException>(() => Detector.Load(path));
            Assert.That(e!.Message, Does.Contain("1024×1024").And.Contain($"at most {Detector.MaxSize}"));
            Assert.Throws<ArgumentOutOfRangeException>(() => Detector.Create(1024));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void SaveLoad_RoundTripsTheOutputs_AndRejectsOtherFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "myelin-detector-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var detector = Detector.Create(64, seed: 4);
            var frame = new SyntheticCamera(64, seed: 9).Render(3);
            detector.TrainStep([frame, frame]); // running BN statistics move away from their start
            var expected = detector.Infer(frame).ToArray();
            var path = Path.Combine(dir, "d.myelin");
            detector.Save(path);
            var loaded = Detector.Load(path);
            Assert.That(loaded.Size, Is.EqualTo(64));
            Assert.That(loaded.Infer(frame).ToArray(), Is.EqualTo(expected));

            var digits = Path.Combine(dir, "digits.myelin");
            DigitModel.Create(channels: 2).Save(digits);
            var ex = Assert.Throws<ModelFormatException>(() => Detector.Load(digits));
            Assert.That(ex!.Message, Does.Contain("not a detector").And.Contain("digits.myelin"));

            var junk = Path.Combine(dir, "junk.myelin");
            File.WriteAllText(junk, "hello");
            Assert.Throws<ModelFormatException>(() => Detector.Load(junk));
            Assert.Throws<ModelFormatException>(() => Detector.Load(Path.Combine(dir, "missing.myelin")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Trainer_MixesTaughtExamplesIntoBatches_AndRejectsTheValidationSeed()
    {
        Assert.Throws<ArgumentException>(() => new DetectorTrainer(Detector.Create(32), Detector.ValidationSeed));
        var detector = Detector.Create(32, seed: 1);
        var trainer = new DetectorTrainer(detector, seed: 2, poolSize: 4, batchSize: 4);
        var taught = new CameraFrame(32);
        taught.Boxes.Add(new LabeledBox(new Box(4, 4, 20, 20), 2));
        trainer.Teach(taught);
        Assert.That(trainer.TaughtCount, Is.EqualTo(1));
        taught.Boxes.Clear(); // the trainer keeps its own copy
        Assert.That(trainer.TrainFor(0), Is.Zero, "a zero budget runs no step");
        Assert.That(detector.Steps, Is.Zero);
        var before = detector.Model.Parameters[0].ToArray();
        trainer.Step(4);
        Assert.That(detector.Steps, Is.EqualTo(1));
        Assert.That(detector.Model.Parameters[0].ToArray(), Is.Not.EqualTo(before));
    }

    [Test]
    public void FoldedInference_MatchesTheTrainedNetworkInEvaluationMode()
    {
        var detector = Detector.Create(64, seed: 5);
        var frames = Enumerable.Range(0, 4).Select(i => new SyntheticCamera(64, seed: 8).Render(i * 11)).ToArray();
        for (var i = 0; i < 3; i++) detector.TrainStep(frames); // moves γ, β and the running statistics
        var expected = new float[detector.Grid.Cells * detector.Grid.Cells * Detector.Outputs];
        detector.Model.Predict(frames[1].Pixels, expected);
        var folded = detector.Infer(frames[1]).ToArray();
        var worst = expected.Zip(folded, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(worst, Is.LessThan(1e-3f), $"max |unfolded − folded| = {worst}");
        detector.TrainStep(frames);
        detector.Model.Predict(frames[1].Pixels, expected);
        Assert.That(detector.Infer(frames[1]).ToArray(), Is.EqualTo(expected).Within(1e-3f), "refolded after a step");
    }

    [Test]
    public void MapEvaluator_GivesTheSameAnswerAfterClear_AndMatchesBoxUtils()
    {
        LabeledBox[] truths = [new(new Box(0, 0, 10, 10), 0), new(new Box(20, 20, 30, 30), 1)];
        // Class 0: a hit (IoU 0.81) above a miss; class 1: a miss above a hit → AP 1 and 0.5, mAP 0.75.
        DetectedBox[] detections = [new(new Box(1, 1, 10, 10), 0, 0.9f), new(new Box(50, 50, 60, 60), 0, 0.5f),
            new(new Box(40, 40, 50, 50), 1, 0.8f), new(new Box(20, 20, 30, 29), 1, 0.7f)];
        var evaluator = new MapEvaluator(2);
        for (var round = 0; round < 2; round++)
        {
            evaluator.Clear();
            evaluator.Add(detections, truths);
            Assert.That(evaluator.MeanAveragePrecision(), Is.EqualTo(0.75f).Within(1e-6f), $"round {round}");
        }
        Assert.That(BoxUtils.MeanAveragePrecision([detections], [truths], 2), Is.EqualTo(0.75f).Within(1e-6f));
    }

    private static float Logit(float p) => MathF.Log(p / (1 - p));
}
