using Myelin.Backends;
using Myelin.Demos.Xor;
using Myelin.Nn;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

/// <summary>Live edits change the model as asked, keep the weights that still fit, and training goes on.</summary>
public class PlaygroundStructureTests
{
    private static Playground Trained()
    {
        var p = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor, Seed = 5 });
        p.Step(5);
        return p;
    }

    // F·n1 + n1 + n1·n2 + n2 + … + n_H + 1
    private static long ExpectedParameters(Playground p)
    {
        long total = 0;
        var inputs = p.FeatureCount;
        foreach (var l in p.Settings.Layers)
        {
            total += inputs * l.Neurons + l.Neurons;
            inputs = l.Neurons;
        }
        return total + inputs + 1;
    }

    private static float[] W(Playground p, int layer) => p.Weights(layer).ToArray();

    private static void TrainsOn(Playground p)
    {
        var epoch = p.Epoch;
        p.Step(3);
        Assert.That(p.Epoch, Is.EqualTo(epoch + 3));
        Assert.That(float.IsFinite(p.TrainLoss) && float.IsFinite(p.TestLoss), $"losses {p.TrainLoss} / {p.TestLoss}");
    }

    [Test]
    public void AddLayerAppendsAFreshLayerAndKeepsTheOthers()
    {
        var p = Trained();
        var w0 = W(p, 0);
        var w1 = W(p, 1);
        var version = p.StructureVersion;
        p.AddLayer();
        Assert.That(p.LayerCount, Is.EqualTo(3));
        Assert.That(p.Settings.Layers[2].Neurons, Is.EqualTo(2));
        Assert.That(p.ParameterCount, Is.EqualTo(ExpectedParameters(p)).And.EqualTo(2 * 4 + 4 + 4 * 2 + 2 + 2 * 2 + 2 + 2 + 1));
        Assert.That(p.StructureVersion, Is.GreaterThan(version));
        Assert.That(W(p, 0), Is.EqualTo(w0));
        Assert.That(W(p, 1), Is.EqualTo(w1));
        Assert.That(p.Epoch, Is.EqualTo(5), "edits keep the epoch counter");
        TrainsOn(p);
    }

    [Test]
    public void InsertAndRemoveLayerShiftTheMapping()
    {
        var p = Trained();
        var w0 = W(p, 0);
        var b1 = p.Biases(1).ToArray();
        var wOut = W(p, 2);
        p.AddLayer(1, new HiddenLayer(3, UnaryKind.Relu));
        Assert.That(p.Settings.Layers.Select(l => l.Neurons), Is.EqualTo(new[] { 4, 3, 2 }));
        Assert.That(W(p, 0), Is.EqualTo(w0));
        Assert.That(p.Biases(2).ToArray(), Is.EqualTo(b1), "the old second layer moved to index 2 with its biases");
        Assert.That(W(p, 3), Is.EqualTo(wOut), "output weights still read the same layer");
        p.RemoveLayer(1);
        Assert.That(p.Settings.Layers.Select(l => l.Neurons), Is.EqualTo(new[] { 4, 2 }));
        Assert.That(W(p, 0), Is.EqualTo(w0));
        Assert.That(W(p, 2), Is.EqualTo(wOut));
        Assert.That(p.ParameterCount, Is.EqualTo(ExpectedParameters(p)));
        TrainsOn(p);
    }

    [Test]
    public void AddNeuronKeepsTheOverlappingBlock()
    {
        var p = Trained();
        var w0 = W(p, 0); // (2,4)
        var w1 = W(p, 1); // (4,2)
        p.AddNeuron(0);
        Assert.That(p.Settings.Layers[0].Neurons, Is.EqualTo(5));
        Assert.That(p.ParameterCount, Is.EqualTo(ExpectedParameters(p)));
        var n0 = W(p, 0); // (2,5)
        var n1 = W(p, 1); // (5,2)
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 4; j++) Assert.That(n0[i * 5 + j], Is.EqualTo(w0[i * 4 + j]), $"w0[{i},{j}]");
        Assert.That(n1.AsSpan(0, 8).ToArray(), Is.EqualTo(w1), "rows of the surviving neurons");
        TrainsOn(p);
    }

    [Test]
    public void RemovingAMiddleNeuronKeepsItsNeighbours()
    {
        var p = Trained();
        var w0 = W(p, 0); // (2,4)
        var w1 = W(p, 1); // (4,2)
        p.RemoveNeuron(0, 1);
        var n0 = W(p, 0); // (2,3): old columns 0, 2, 3
        var n1 = W(p, 1); // (3,2): old rows 0, 2, 3
        int[] kept = [0, 2, 3];
        for (var j = 0; j < 3; j++)
        {
            for (var i = 0; i < 2; i++) Assert.That(n0[i * 3 + j], Is.EqualTo(w0[i * 4 + kept[j]]));
            for (var o = 0; o < 2; o++) Assert.That(n1[j * 2 + o], Is.EqualTo(w1[kept[j] * 2 + o]));
        }
        Assert.That(p.ParameterCount, Is.EqualTo(ExpectedParameters(p)));
        TrainsOn(p);
    }

    [Test]
    public void ChangingFeaturesMapsFirstLayerRowsByFeature()
    {
        var p = Trained();
        var w0 = W(p, 0); // rows x1, x2
        p.Set(p.Settings with { Features = PlaygroundFeatures.X2 | PlaygroundFeatures.SinX1 });
        Assert.That(p.FeatureCount, Is.EqualTo(2));
        Assert.That(W(p, 0).AsSpan(0, 4).ToArray(), Is.EqualTo(w0.AsSpan(4, 4).ToArray()), "row x2 kept");
        Assert.That(W(p, 0).AsSpan(4, 4).ToArray(), Is.Not.EqualTo(w0.AsSpan(0, 4).ToArray()), "sin x1 is new");
        Assert.That(p.GridInputs(8).Shape, Is.EqualTo(new Shape(64, 2)));
        TrainsOn(p);
    }

    [Test]
    public void SetActivationSwapsInPlaceKeepingWeights()
    {
        var p = Trained();
        var parameters = p.ParameterCount;
        var w0 = W(p, 0);
        var version = p.StructureVersion;
        var grid = new float[64];
        p.EvaluateGrid(8, grid);
        p.SetActivation(0, UnaryKind.Relu);
        var kinds = ((Sequential)p.Model.Network).Layers.OfType<Activation>().Select(a => a.Kind).ToArray();
        Assert.That(kinds, Is.EqualTo(new[] { UnaryKind.Relu, UnaryKind.Tanh, UnaryKind.Tanh }), "relu, tanh, output tanh");
        Assert.That(p.Settings.Layers[0].Activation, Is.EqualTo(UnaryKind.Relu));
        Assert.That((p.ParameterCount, p.StructureVersion), Is.EqualTo((parameters, version)));
        Assert.That(W(p, 0), Is.EqualTo(w0));
        var after = new float[64];
        p.EvaluateGrid(8, after);
        Assert.That(after, Is.Not.EqualTo(grid), "the function changed");
        TrainsOn(p);
    }

    [Test]
    public void PaintingAddsTrainingPointsThatTrainingUses()
    {
        var p = Trained();
        var n = p.Data.Train.Count;
        var test = p.Data.Test.Count;
        for (var i = 0; i < 20; i++) p.AddPoint(5.5f, 5.5f - 0.1f * i, -1f); // against XOR's +1 in quadrant I
        Assert.That((p.Data.Train.Count, p.Data.Test.Count), Is.EqualTo((n + 20, test)));
        Assert.That(p.Data.Train[^1], Is.EqualTo(new PlaygroundPoint(5.5f, 5.5f - 1.9f, -1f)));
        var corner = new float[1];
        p.Model.Predict([5.5f, 5f], corner);
        p.Step(30);
        var after = new float[1];
        p.Model.Predict([5.5f, 5f], after);
        Assert.That(after[0], Is.LessThan(corner[0]), "the painted class pulls the corner's score down");
    }

    [Test]
    public void LiveKnobsRebuildNothing()
    {
        var p = Trained();
        var version = p.StructureVersion;
        var w0 = W(p, 0);
        p.Set(p.Settings with { LearningRate = 0.1f, Regularization = Myelin.Losses.RegularizationKind.L2, RegularizationRate = 0.001f, BatchSize = 3 });
        Assert.That(p.StructureVersion, Is.EqualTo(version));
        Assert.That(p.Model.Optimizer!.LearningRate, Is.EqualTo(0.1f));
        Assert.That(W(p, 0), Is.EqualTo(w0));
        p.Set(p.Settings with { Loss = PlaygroundLoss.CrossEntropy });
        Assert.That(p.StructureVersion, Is.GreaterThan(version), "the output head changed");
        Assert.That(W(p, 0), Is.EqualTo(w0));
        TrainsOn(p);
    }

    [Test]
    public void NewDatasetKeepsWeightsNewSeedResets()
    {
        var p = Trained();
        var w0 = W(p, 0);
        p.Set(p.Settings with { Dataset = PlaygroundDataset.Circle, NoisePercent = 20, TrainPercent = 70 });
        Assert.That(W(p, 0), Is.EqualTo(w0));
        Assert.That(p.Data.Train.Count, Is.EqualTo(350));
        p.Set(p.Settings with { Seed = 99 });
        Assert.That(p.Epoch, Is.Zero);
        Assert.That(W(p, 0), Is.Not.EqualTo(w0));
    }

    [Test]
    public void InvalidSettingsAreRefusedByName()
    {
        var p = new Playground();
        Assert.That(() => p.Set(p.Settings with { BatchSize = 31 }), Throws.ArgumentException.With.Message.Contains("BatchSize"));
        Assert.That(() => p.Set(p.Settings with { Layers = [new(9)] }), Throws.ArgumentException.With.Message.Contains("1..8"));
        Assert.That(() => p.Set(p.Settings with { Problem = PlaygroundProblem.Regression }), Throws.ArgumentException.With.Message.Contains("Plane"));
        Assert.That(() => p.SetActivation(0, UnaryKind.Exp), Throws.ArgumentException);
    }
}
