using Myelin.Demos.Digits;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

public class DigitCanvasTests
{
    [Test]
    public void HorizontalStroke_FullInsideTheBrush_HalfAtItsEdge_NothingBeyond()
    {
        var canvas = new DigitCanvas(40, 30, brushRadius: 3);
        canvas.BeginStroke(10, 15.5f);
        canvas.ExtendStroke(30, 15.5f);
        canvas.EndStroke();
        var p = canvas.Pixels;
        // Pixel (x, y) has its centre at (x + ½, y + ½): row 15's centres lie on the stroke.
        Assert.That(p[15 * 40 + 20], Is.EqualTo(1f), "on the stroke");
        Assert.That(p[17 * 40 + 20], Is.EqualTo(1f), "distance 2 < r − ½");
        Assert.That(p[18 * 40 + 20], Is.EqualTo(0.5f).Within(1e-6f), "distance 3 = r: half covered");
        Assert.That(p[19 * 40 + 20], Is.Zero, "distance 4 ≥ r + ½: beyond the brush");
        Assert.That(p[15 * 40 + 34], Is.Zero, "past the round cap (distance 4.5 from the end)");
        Assert.That(p[15 * 40 + 32], Is.EqualTo(1f), "inside the round cap (distance 2.5)");
    }

    [Test]
    public void Undo_RemovesTheLastStrokeExactly_Clear_RemovesAll()
    {
        var one = new DigitCanvas(32, 32, 2.5f);
        one.BeginStroke(4, 4); one.ExtendStroke(20, 9); one.ExtendStroke(12, 28); one.EndStroke();
        var two = new DigitCanvas(32, 32, 2.5f);
        two.BeginStroke(4, 4); two.ExtendStroke(20, 9); two.ExtendStroke(12, 28); two.EndStroke();
        two.BeginStroke(28, 2); two.ExtendStroke(3, 30); two.EndStroke();
        Assert.That(two.Pixels.ToArray(), Is.Not.EqualTo(one.Pixels.ToArray()));
        Assert.That(two.Undo(), Is.True);
        Assert.That(two.StrokeCount, Is.EqualTo(1));
        Assert.That(two.Pixels.ToArray(), Is.EqualTo(one.Pixels.ToArray()));
        two.Clear();
        Assert.That(two.IsEmpty && two.StrokeCount == 0 && two.Pixels.ToArray().All(v => v == 0), Is.True);
        Assert.That(two.Undo(), Is.False);
    }

    [Test]
    public void PreprocessedDigit_MapsBackOntoTheDrawing()
    {
        // A 10×20 block of ink at x 30..40, y 10..30 of a 64×48 canvas: the 20-px box is 10×20 → 28×28 at scale 1.
        var canvas = new float[64 * 48];
        for (var y = 10; y < 30; y++)
        for (var x = 30; x < 40; x++) canvas[y * 64 + x] = 1f;
        var pre = new DigitPreprocessor();
        Assert.That(pre.Process(canvas, 64, 48, new float[28 * 28]), Is.True);
        // The centre of mass (35, 20) lands on (14, 14); the box (height 20 → 20 px) keeps scale 1.
        var (cx, cy) = pre.ToCanvas(14, 14);
        Assert.That(cx, Is.EqualTo(35f).Within(1e-4f));
        Assert.That(cy, Is.EqualTo(20f).Within(1e-4f));
        var (x1, y1) = pre.ToCanvas(15, 16);
        Assert.That(x1 - cx, Is.EqualTo(1f).Within(1e-4f));
        Assert.That(y1 - cy, Is.EqualTo(2f).Within(1e-4f));
    }
}
