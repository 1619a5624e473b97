using Myelin.Autograd;
using Myelin.Demos.Detection;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

public class DetectionLossTests
{
    private const float Step = 1e-3f;
    private const double GradientTolerance = 2e-3;

    [Test]
    public void Giou_OfHandComputedBoxes()
    {
        // (0,0)-(2,2) and (1,1)-(3,3): intersection 1, union 7, enclosing 9 → 1/7 − 2/9.
        var g = DetectionLoss.Giou(0, 0, 2, 2, 1, 1, 3, 3, out _, out _, out _, out _);
        Assert.That(g, Is.EqualTo(1.0 / 7 - 2.0 / 9).Within(1e-12));
        // Disjoint (0,0)-(1,1) and (2,0)-(3,1): IoU 0, union 2, enclosing 3 → −1/3.
        Assert.That(DetectionLoss.Giou(0, 0, 1, 1, 2, 0, 3, 1, out _, out _, out _, out _), Is.EqualTo(-1.0 / 3).Within(1e-12));
    }

    [Test]
    public void Giou_GradientMatchesFiniteDifferences()
    {
        double[] a = [0.3, 0.2, 2.1, 1.7];
        double[] b = [1.1, 0.9, 3.2, 2.6];
        var g = DetectionLoss.Giou(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], out var d0, out var d1, out var d2, out var d3);
        double[] analytic = [d0, d1, d2, d3];
        for (var i = 0; i < 4; i++)
        {
            var plus = (double[])a.Clone(); plus[i] += 1e-6;
            var minus = (double[])a.Clone(); minus[i] -= 1e-6;
            var numeric = (DetectionLoss.Giou(plus[0], plus[1], plus[2], plus[3], b[0], b[1], b[2], b[3], out _, out _, out _, out _)
                - DetectionLoss.Giou(minus[0], minus[1], minus[2], minus[3], b[0], b[1], b[2], b[3], out _, out _, out _, out _)) / 2e-6;
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-6), $"corner {i} (GIoU {g})");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void LossGradient_MatchesFiniteDifferences(bool neighbours)
    {
        // Two 24² images on a 3×3 grid of stride 8: three objects, one sharing a cell edge.
        var grid = new GridGeometry(3, 8);
        var target = Tensor.Zeros(new Shape(2, 3, 3, GridGeometry.TargetWidth));
        var t = target.Span;
        BoxUtils.AssignTargets([new LabeledBox(new Box(2, 3, 13, 11), 2), new LabeledBox(new Box(14, 12, 23, 22), 0)], grid, t[..54]);
        BoxUtils.AssignTargets([new LabeledBox(new Box(5, 9, 20, 18), 3)], grid, t[54..]);
        var rng = new Rng(7);
        var prediction = Tensor.Zeros(new Shape(2, Detector.Outputs, 3, 3));
        foreach (ref var v in prediction.Span) v = rng.Normal(0f, 1f);
        prediction.RequiresGrad = true;
        var loss = new DetectionLoss(neighbours: neighbours);

        var tape = new Tape();
        float value;
        using (tape.Activate())
        {
            var l = loss.Compute(prediction, target);
            value = l.Item();
            tape.Backward(l);
        }
        var analytic = prediction.Grad!.ToArray();
        Assert.That(value, Is.GreaterThan(0f));
        var p = prediction.Span;
        var worst = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var keep = p[i];
            p[i] = keep + Step;
            var up = Evaluate(loss, prediction, target);
            p[i] = keep - Step;
            var down = Evaluate(loss, prediction, target);
            p[i] = keep;
            var numeric = (up - down) / (2.0 * Step);
            worst = Math.Max(worst, Math.Abs(numeric - analytic[i]));
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(GradientTolerance), $"element {i}: analytic {analytic[i]}, numeric {numeric}");
        }
        TestContext.Out.WriteLine($"max |analytic − numeric| = {worst:E2}");
    }

    [Test]
    public void Loss_RejectsMismatchedShapes()
    {
        var prediction = Tensor.Zeros(new Shape(1, Detector.Outputs, 4, 4));
        var ex = Assert.Throws<ArgumentException>(() => new DetectionLoss().Compute(prediction, Tensor.Zeros(new Shape(1, 3, 3, 6))));
        Assert.That(ex!.Message, Does.Contain("target"));
    }

    private static double Evaluate(DetectionLoss loss, Tensor prediction, Tensor target)
    {
        using var scope = Tape.NoGrad();
        return loss.Compute(prediction, target).Item();
    }
}
