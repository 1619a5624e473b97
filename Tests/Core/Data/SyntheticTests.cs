using Myelin.Data;
using NUnit.Framework;

namespace Myelin.Tests.Core.Data;

public class SyntheticTests
{
    public static IEnumerable<TestCaseData> Generators()
    {
        yield return new TestCaseData((Func<int, float, Rng, Dataset>)Synthetic.Xor, "xor").SetArgDisplayNames("xor");
        yield return new TestCaseData((Func<int, float, Rng, Dataset>)Synthetic.Circle, "circle").SetArgDisplayNames("circle");
        yield return new TestCaseData((Func<int, float, Rng, Dataset>)Synthetic.Spirals, "spirals").SetArgDisplayNames("spirals");
        yield return new TestCaseData((Func<int, float, Rng, Dataset>)Synthetic.Gaussian, "gaussian").SetArgDisplayNames("gaussian");
    }

    [TestCaseSource(nameof(Generators))]
    public void ShapesAndLabels(Func<int, float, Rng, Dataset> make, string name)
    {
        var data = make(101, 0.2f, new Rng(1));
        Assert.That(data.Name, Is.EqualTo(name));
        Assert.That(data.Count, Is.EqualTo(101));
        Assert.That(data.SampleShape, Is.EqualTo(new Shape(2)));
        Assert.That(data.TargetShape, Is.EqualTo(new Shape(1)));
        Assert.That(data.Inputs, Has.Length.EqualTo(202));
        Assert.That(data.Inputs, Has.All.Matches<float>(float.IsFinite));
        Assert.That(data.Targets, Has.All.Matches<float>(t => t is 0f or 1f), "labels are 0 or 1");
    }

    [TestCaseSource(nameof(Generators))]
    public void LabelsAreBalanced(Func<int, float, Rng, Dataset> make, string name)
    {
        var data = make(400, 0f, new Rng(2));
        var ones = data.Targets.Count(t => t == 1f);
        // Circle, spirals and gaussian alternate classes exactly; xor draws points uniformly.
        var (low, high) = name == "xor" ? (160, 240) : (200, 200);
        Assert.That(ones, Is.InRange(low, high), $"{name}: {ones} of 400 labels are 1");
    }

    [TestCaseSource(nameof(Generators))]
    public void DeterministicPerSeed(Func<int, float, Rng, Dataset> make, string name)
    {
        var a = make(64, 0.3f, new Rng(9));
        var b = make(64, 0.3f, new Rng(9));
        var c = make(64, 0.3f, new Rng(10));
        Assert.That(b.Inputs, Is.EqualTo(a.Inputs), $"{name}: same seed, different points");
        Assert.That(b.Targets, Is.EqualTo(a.Targets), $"{name}: same seed, different labels");
        Assert.That(c.Inputs, Is.Not.EqualTo(a.Inputs), $"{name}: seeds 9 and 10 gave the same points");
    }

    [TestCaseSource(nameof(Generators))]
    public void NeedsAtLeastOnePoint(Func<int, float, Rng, Dataset> make, string name) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => make(0, 0f, new Rng(1)), name);

    [Test]
    public void XorTableIsTheFourCorners()
    {
        var data = Synthetic.XorTable();
        Assert.That(data.Count, Is.EqualTo(4));
        Assert.That(data.SampleShape, Is.EqualTo(new Shape(2)));
        Assert.That(data.Inputs, Is.EqualTo(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }));
        Assert.That(data.Targets, Is.EqualTo(new float[] { 0, 1, 1, 0 }));
    }

    [Test]
    public void CleanXorLabelsFollowTheQuadrant()
    {
        var data = Synthetic.Xor(300, 0f, new Rng(3));
        for (var i = 0; i < data.Count; i++)
        {
            var (x, y) = (data.Inputs[2 * i], data.Inputs[2 * i + 1]);
            Assert.That(MathF.Abs(x), Is.GreaterThanOrEqualTo(0.05f), "points keep off the axes");
            Assert.That(data.Targets[i], Is.EqualTo(x * y < 0 ? 1f : 0f), $"point {i} ({x}, {y})");
        }
    }

    [Test]
    public void CleanCircleSeparatesDiscAndRing()
    {
        var data = Synthetic.Circle(300, 0f, new Rng(4));
        for (var i = 0; i < data.Count; i++)
        {
            var r = MathF.Sqrt(data.Inputs[2 * i] * data.Inputs[2 * i] + data.Inputs[2 * i + 1] * data.Inputs[2 * i + 1]);
            if (data.Targets[i] == 1f) Assert.That(r, Is.LessThanOrEqualTo(0.45f + 1e-5f), $"inner point {i}");
            else Assert.That(r, Is.InRange(0.65f - 1e-5f, 0.95f + 1e-5f), $"ring point {i}");
        }
    }

    [Test]
    public void CleanSpiralsArePointSymmetric()
    {
        // Class 1 is class 0 turned by half a turn: point 2k+1 = −(point 2k).
        var data = Synthetic.Spirals(200, 0f, new Rng(5));
        for (var k = 0; k < 100; k++)
        {
            Assert.That(data.Inputs[4 * k + 2], Is.EqualTo(-data.Inputs[4 * k]).Within(1e-5f), $"x of pair {k}");
            Assert.That(data.Inputs[4 * k + 3], Is.EqualTo(-data.Inputs[4 * k + 1]).Within(1e-5f), $"y of pair {k}");
        }
        Assert.That(data.Inputs, Has.All.InRange(-0.95f, 0.95f));
    }
}
