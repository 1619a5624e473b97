using Myelin.Losses;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

public sealed class MetricsTests
{
    [Test]
    public void ArgMaxIsTheFirstLargest()
    {
        Assert.That(Metrics.ArgMax([0.1f, 0.7f, 0.2f]), Is.EqualTo(1));
        Assert.That(Metrics.ArgMax([-3f, -1f, -1f, -2f]), Is.EqualTo(1), "ties go to the first");
        Assert.That(Metrics.ArgMax([5f]), Is.EqualTo(0));
    }

    [Test]
    public void CountCorrectComparesEachRowsArgMaxWithItsClass()
    {
        // Rows predict 2, 0, 1; labels 2, 1, 1: two right.
        float[] logits = [0f, 1f, 3f, 4f, 1f, 0f, 0f, 2f, 1f];
        Assert.That(Metrics.CountCorrect(logits, 3, [2f, 1f, 1f], TargetKind.ClassIndex), Is.EqualTo(2));
    }
}
