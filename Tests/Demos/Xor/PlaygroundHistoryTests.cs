using Myelin.Demos.Xor;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

public class PlaygroundHistoryTests
{
    [Test]
    public void DecimatesToFixedCapacityKeepingTheWholeRun()
    {
        var h = new PlaygroundHistory();
        for (var e = 0; e <= 5000; e++) h.Record(e, e, -e, 0f, 0f);
        Assert.That(h.Count, Is.LessThanOrEqualTo(PlaygroundHistory.Capacity));
        Assert.That(h.Count, Is.GreaterThan(PlaygroundHistory.Capacity / 2));
        Assert.That(h.Epoch[0], Is.EqualTo(0));
        Assert.That(h.Epoch[^1], Is.GreaterThan(5000 - h.Stride));
        for (var i = 0; i < h.Count; i++)
        {
            Assert.That(h.Epoch[i], Is.EqualTo(i * h.Stride), $"point {i}");
            Assert.That(h.TrainLoss[i], Is.EqualTo(h.Epoch[i]));
        }
    }
}
