using Myelin.Backends;
using Myelin.Demos.Xor;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

public class OptimizerRaceTests
{
    private static readonly PlaygroundOptimizer[] s_four = [PlaygroundOptimizer.Sgd, PlaygroundOptimizer.Momentum, PlaygroundOptimizer.RmsProp, PlaygroundOptimizer.Adam];

    [Test]
    public void LanesStartIdenticalAndDriftApart()
    {
        var race = new OptimizerRace(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor, Seed = 4 }, s_four);
        var first = race.Lanes[0];
        foreach (var lane in race.Lanes)
        {
            Assert.That(lane.Data, Is.SameAs(race.Data));
            for (var k = 0; k <= lane.LayerCount; k++)
                Assert.That(lane.Weights(k).ToArray(), Is.EqualTo(first.Weights(k).ToArray()), $"{lane.Settings.Optimizer} layer {k}");
            Assert.That(lane.TrainLoss, Is.EqualTo(first.TrainLoss));
        }
        race.Step(10);
        var losses = race.Lanes.Select(l => l.TrainLoss).ToArray();
        TestContext.Out.WriteLine(string.Join(", ", race.Lanes.Select(l => $"{l.Settings.Optimizer} {l.TrainLoss:F4}")));
        Assert.That(losses.Distinct().Count(), Is.EqualTo(4));
        Assert.That(race.Lanes.All(l => l.Epoch == 10 && l.History.Count == 11));
    }

    [TestCase(8UL)]
    [TestCase(9UL)]
    public void AdamBeatsPlainSgdOnSpiralsAtTheSameRate(ulong seed)
    {
        // Raw coordinates only and a 0.01 rate: plain SGD crawls on the spiral, Adam's per-weight scaling does not.
        var settings = new PlaygroundSettings
        {
            Dataset = PlaygroundDataset.Spiral, LearningRate = 0.01f, Seed = seed,
            Layers = [new(8), new(8), new(8)],
        };
        var race = new OptimizerRace(settings, PlaygroundOptimizer.Sgd, PlaygroundOptimizer.Adam);
        race.Step(150);
        var (sgd, adam) = (race.Lanes[0], race.Lanes[1]);
        TestContext.Out.WriteLine($"seed {seed}: sgd {sgd.TrainLoss:F4} ({sgd.TrainAccuracy:P0}), adam {adam.TrainLoss:F4} ({adam.TrainAccuracy:P0})");
        Assert.That(adam.TrainLoss, Is.LessThan(0.7f * sgd.TrainLoss));
        Assert.That(race.Leader, Is.EqualTo(1));
    }

    [Test]
    public void PaintedPointsReachEveryLaneAndSettingsApplyToAll()
    {
        var race = new OptimizerRace(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor }, [(PlaygroundOptimizer.Sgd, 0.03f), (PlaygroundOptimizer.Adam, 0.01f)]);
        var n = race.Data.Train.Count;
        race.AddPoint(1f, 1f, -1f);
        race.Step();
        Assert.That(race.Data.Train.Count, Is.EqualTo(n + 1));
        race.Set(race.Settings with { Layers = [new(3, UnaryKind.Relu)], Dataset = PlaygroundDataset.Circle });
        foreach (var lane in race.Lanes)
        {
            Assert.That(lane.Settings.Layers.Single(), Is.EqualTo(new HiddenLayer(3, UnaryKind.Relu)));
            Assert.That(lane.Settings.Dataset, Is.EqualTo(PlaygroundDataset.Circle));
        }
        Assert.That(race.Lanes.Select(l => l.Settings.LearningRate), Is.EqualTo(new[] { 0.03f, 0.01f }), "each lane keeps its rate");
        race.Step(2);
        Assert.That(race.Lanes.All(l => float.IsFinite(l.TrainLoss)));
    }
}
