using NUnit.Framework;

namespace Myelin.Tests.Core.Tensors;

public class ShapeTests
{
    [TestCase(new[] { 3, 1 }, new[] { 1, 4 }, new[] { 3, 4 })]
    [TestCase(new[] { 2, 3 }, new[] { 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 3 }, new[] { 2, 3 }, new[] { 2, 3 })]
    [TestCase(new int[0], new[] { 2, 5 }, new[] { 2, 5 })]
    [TestCase(new[] { 4, 1, 6 }, new[] { 5, 1 }, new[] { 4, 5, 6 })]
    [TestCase(new[] { 1 }, new[] { 1 }, new[] { 1 })]
    public void BroadcastFollowsNumPyRules(int[] a, int[] b, int[] expected)
    {
        Assert.That(Shape.Broadcast(new Shape(a), new Shape(b)), Is.EqualTo(new Shape(expected)));
        Assert.That(Shape.Broadcast(new Shape(b), new Shape(a)), Is.EqualTo(new Shape(expected)));
    }

    [Test]
    public void IncompatibleBroadcastNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Shape.Broadcast(new Shape(2, 3), new Shape(4)));
        Assert.That(e!.Message, Does.Contain("(2, 3)").And.Contain("(4)"));
    }

    [Test]
    public void BroadcastStridesAreZeroOnStretchedAxes()
    {
        Span<int> s = stackalloc int[3];
        Shape.BroadcastStrides(new Shape(3, 1), new Shape(2, 3, 4), s);
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [Test]
    public void ReshapeInfersOneDimension()
    {
        var s = new Shape(2, 3, 4);
        Assert.That(s.Reshape([-1, 4]), Is.EqualTo(new Shape(6, 4)));
        Assert.That(s.Reshape([2, -1]), Is.EqualTo(new Shape(2, 12)));
        Assert.That(s.Reshape([24]), Is.EqualTo(new Shape(24)));
    }

    [Test]
    public void ReshapeErrorsExplainThemselves()
    {
        var s = new Shape(2, 3, 4);
        Assert.That(Assert.Throws<ArgumentException>(() => s.Reshape([-1, -1]))!.Message, Does.Contain("Only one"));
        Assert.That(Assert.Throws<ArgumentException>(() => s.Reshape([5, -1]))!.Message, Does.Contain("(2, 3, 4)").And.Contain("(5, -1)"));
        Assert.That(Assert.Throws<ArgumentException>(() => s.Reshape([5, 5]))!.Message, Does.Contain("24").And.Contain("25"));
    }

    [Test]
    public void ConstructionErrors()
    {
        Assert.Throws<ArgumentException>(() => _ = new Shape(2, -1));
        Assert.Throws<ArgumentException>(() => _ = new Shape(1, 1, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => _ = new Shape(65536, 65536));
    }

    [Test]
    public void AxesStridesRowsColumns()
    {
        var s = new Shape(2, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(s.Rank, Is.EqualTo(3));
            Assert.That(s.Length, Is.EqualTo(24));
            Assert.That(s[-1], Is.EqualTo(4));
            Assert.That(s[0], Is.EqualTo(2));
            Assert.That(s.Stride(0), Is.EqualTo(12));
            Assert.That(s.Stride(-1), Is.EqualTo(1));
            Assert.That(s.Rows, Is.EqualTo(6));
            Assert.That(s.Columns, Is.EqualTo(4));
            Assert.That(new Shape().Length, Is.EqualTo(1));
            Assert.That(new Shape(0, 5).Rows, Is.EqualTo(0));
            Assert.That(s.WithDim(0, 7), Is.EqualTo(new Shape(7, 3, 4)));
            Assert.That(s.ToArray(), Is.EqualTo(new[] { 2, 3, 4 }));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = s[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = s[-4]);
    }

    [Test]
    public void EqualityAndText()
    {
        Assert.That(new Shape(2, 3) == new Shape(2, 3), Is.True);
        Assert.That(new Shape(2, 3) != new Shape(3, 2), Is.True);
        Assert.That(new Shape(2, 3), Is.Not.EqualTo(new Shape(2, 3, 1)));
        Assert.That(new Shape(2, 3).GetHashCode(), Is.EqualTo(new Shape(2, 3).GetHashCode()));
        Assert.That(new Shape(2, 3).ToString(), Is.EqualTo("(2, 3)"));
        Assert.That(new Shape().ToString(), Is.EqualTo("()"));
    }
    [Test]
    public void AxisOutOfRangeNamesTheAxisAndTheShape()
    {
        var s = new Shape(2, 3);
        Assert.That(s[-1], Is.EqualTo(3));
        Assert.That(s[0], Is.EqualTo(2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = s[2]);
        Assert.That(e!.Message, Does.Contain("Axis 2").And.Contain("(2, 3)"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => s.Axis(-3))!.Message, Does.Contain("Axis -3"));
    }
}
