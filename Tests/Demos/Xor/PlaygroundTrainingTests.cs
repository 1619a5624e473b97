using Myelin.Backends;
using Myelin.Demos.Xor;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

/// <summary>From fixed seeds, the TF Playground problems are learned to the accuracy TF users expect.</summary>
public class PlaygroundTrainingTests
{
    private static float TrainUntil(Playground p, int maxEpochs, float target)
    {
        while (p.Epoch < maxEpochs && p.TrainAccuracy < target) p.Step(10);
        TestContext.Out.WriteLine($"{p.Settings.Dataset}: epoch {p.Epoch} train {p.TrainAccuracy:P1} test {p.TestAccuracy:P1} loss {p.TrainLoss:F4}/{p.TestLoss:F4}");
        return p.TrainAccuracy;
    }

    [TestCase(PlaygroundDataset.Xor)]
    [TestCase(PlaygroundDataset.Circle)]
    [TestCase(PlaygroundDataset.Gaussian)]
    public void TfDefaultNetworkSolvesCleanData(PlaygroundDataset dataset)
    {
        // TF Playground defaults: x1, x2 → 4 → 2 tanh, SGD 0.03, batch 10, 50 % train.
        var p = new Playground(new PlaygroundSettings { Dataset = dataset, Seed = 7 });
        var before = p.TrainLoss;
        Assert.That(TrainUntil(p, 600, 1f), Is.EqualTo(1f), dataset.ToString());
        Assert.That(p.TrainLoss, Is.LessThan(before * 0.5f));
        Assert.That(p.TestAccuracy, Is.GreaterThanOrEqualTo(0.97f));
    }

    [TestCase(PlaygroundDataset.Xor)]
    [TestCase(PlaygroundDataset.Circle)]
    [TestCase(PlaygroundDataset.Gaussian)]
    public void NoisyDataStillMostlyRight(PlaygroundDataset dataset)
    {
        var p = new Playground(new PlaygroundSettings { Dataset = dataset, NoisePercent = 10, Seed = 7, Optimizer = PlaygroundOptimizer.Adam, LearningRate = 0.01f });
        Assert.That(TrainUntil(p, 600, 0.97f), Is.GreaterThanOrEqualTo(0.97f), dataset.ToString());
    }

    [Test]
    public void SpiralWithSineFeaturesAndSixLayers()
    {
        var p = new Playground(new PlaygroundSettings
        {
            Dataset = PlaygroundDataset.Spiral,
            Features = PlaygroundFeatures.All,
            Layers = [.. Enumerable.Repeat(new HiddenLayer(8, UnaryKind.Tanh), 6)],
            Optimizer = PlaygroundOptimizer.Adam,
            LearningRate = 0.01f,
            Seed = 7,
        });
        Assert.That(TrainUntil(p, 800, 0.95f), Is.GreaterThanOrEqualTo(0.90f));
    }

    [Test]
    public void CrossEntropyClassificationLearnsXor()
    {
        var p = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor, Loss = PlaygroundLoss.CrossEntropy, Seed = 7 });
        Assert.That(TrainUntil(p, 600, 1f), Is.EqualTo(1f));
    }

    [TestCase(PlaygroundDataset.Plane, 0.001f)]
    [TestCase(PlaygroundDataset.MultiGaussian, 0.03f)]
    public void RegressionFitsTheTarget(PlaygroundDataset dataset, float maxTestLoss)
    {
        var p = new Playground(new PlaygroundSettings
        {
            Dataset = dataset, Problem = PlaygroundProblem.Regression, Seed = 7,
            Layers = [new(8), new(8)], Optimizer = PlaygroundOptimizer.Adam, LearningRate = 0.01f,
        });
        var before = p.TestLoss;
        p.Step(300);
        TestContext.Out.WriteLine($"{dataset}: test MSE {before:F4} → {p.TestLoss:F5}");
        Assert.That(float.IsNaN(p.TrainAccuracy), "regression has no accuracy");
        Assert.That(p.TestLoss, Is.LessThan(maxTestLoss));
    }

    [Test]
    public void StepAdvancesEpochAndHistory()
    {
        var p = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor });
        Assert.That(p.History.Count, Is.EqualTo(1), "epoch 0 is recorded");
        p.Step(3);
        Assert.That(p.Epoch, Is.EqualTo(3));
        Assert.That(p.History.Epoch.ToArray(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(p.History.TrainLoss[^1], Is.EqualTo(p.TrainLoss));
        p.Reset();
        Assert.That((p.Epoch, p.History.Count), Is.EqualTo((0, 1)));
    }

    [Test]
    public void SameSeedSameRun()
    {
        var a = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Spiral, Seed = 3 });
        var b = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Spiral, Seed = 3 });
        a.Step(5);
        b.Step(5);
        Assert.That(a.TrainLoss, Is.EqualTo(b.TrainLoss));
    }

    [Test]
    public void DivergenceStopsTrainingInsteadOfThrowing()
    {
        var p = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Plane, Problem = PlaygroundProblem.Regression, Features = PlaygroundFeatures.All, LearningRate = 10f, Layers = [new(8, UnaryKind.Relu)] });
        Assert.DoesNotThrow(() => p.Step(20));
        Assert.That(p.Diverged, Is.True);
        p.Set(p.Settings with { LearningRate = 0.001f });
        Assert.That(p.Diverged, Is.False);
    }
}
