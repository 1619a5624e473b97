using Myelin.Backends;
using Myelin.Demos.Xor;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

/// <summary>The heat-map data equals the model's own predictions, on the CPU and on a copy on another backend.</summary>
public class PlaygroundGridTests
{
    private const float Tolerance = 1e-5f;
    private const int Resolution = 7;

    private static Playground Trained(PlaygroundLoss loss)
    {
        var p = new Playground(new PlaygroundSettings
        {
            Dataset = PlaygroundDataset.Circle, Loss = loss, Seed = 11,
            Features = PlaygroundFeatures.X1 | PlaygroundFeatures.X2 | PlaygroundFeatures.SinX2,
            Layers = [new(3, UnaryKind.Swish), new(2, UnaryKind.LeakyRelu)],
        });
        p.Step(10);
        return p;
    }

    [Test]
    public void GridPointIsRowMajorWithRowZeroAtTheTop()
    {
        Assert.That(Playground.GridPoint(4, 0), Is.EqualTo((-4.5f, 4.5f)));
        Assert.That(Playground.GridPoint(4, 3), Is.EqualTo((4.5f, 4.5f)));
        Assert.That(Playground.GridPoint(4, 12), Is.EqualTo((-4.5f, -4.5f)));
    }

    [TestCase(PlaygroundLoss.MeanSquaredError)]
    [TestCase(PlaygroundLoss.CrossEntropy)]
    public void EvaluateGridMatchesPredictOnEveryCell(PlaygroundLoss loss)
    {
        var p = Trained(loss);
        var grid = new float[Resolution * Resolution];
        p.EvaluateGrid(Resolution, grid);
        Span<float> features = stackalloc float[p.FeatureCount];
        Span<float> y = stackalloc float[1];
        var maxDiff = 0f;
        for (var i = 0; i < grid.Length; i++)
        {
            var (gx, gy) = Playground.GridPoint(Resolution, i);
            FeatureMap.Apply(p.Settings.Features, gx, gy, features);
            p.Model.Predict(features, y);
            var score = loss == PlaygroundLoss.CrossEntropy ? MathF.Tanh(0.5f * y[0]) : y[0];
            maxDiff = MathF.Max(maxDiff, MathF.Abs(score - grid[i]));
        }
        TestContext.Out.WriteLine($"max |grid − predict| = {maxDiff:G3}");
        Assert.That(maxDiff, Is.LessThan(Tolerance));
        Assert.That(grid.Max() - grid.Min(), Is.GreaterThan(0.1f), "a flat grid would prove nothing");
        Assert.That(grid.All(v => v is >= -1f and <= 1f));
    }

    [Test]
    public void NeuronGridsAreTheHiddenActivations()
    {
        var p = Trained(PlaygroundLoss.MeanSquaredError);
        p.EvaluateNeuronGrids(Resolution);
        var w = p.Weights(0).ToArray(); // (3 features, 3 neurons)
        var b = p.Biases(0).ToArray();
        Span<float> f = stackalloc float[3];
        var maxDiff = 0f;
        for (var j = 0; j < 3; j++)
        {
            var neuron = p.NeuronGrid(Resolution, 0, j);
            for (var i = 0; i < neuron.Length; i++)
            {
                var (gx, gy) = Playground.GridPoint(Resolution, i);
                FeatureMap.Apply(p.Settings.Features, gx, gy, f);
                var z = b[j];
                for (var k = 0; k < 3; k++) z += f[k] * w[k * 3 + j];
                maxDiff = MathF.Max(maxDiff, MathF.Abs(Scalar.Forward(UnaryKind.Swish, z, 0f) - neuron[i]));
            }
        }
        Assert.That(maxDiff, Is.LessThan(Tolerance));
        Assert.That(p.NeuronGrid(Resolution, 1, 1).Length, Is.EqualTo(Resolution * Resolution));
        var grid = new float[Resolution * Resolution];
        p.EvaluateGrid(Resolution, grid);
        Assert.That(p.NeuronGrid(Resolution, 2, 0).ToArray(), Is.EqualTo(grid).Within(Tolerance), "the last layer is the output score");
        var (x0, _) = Playground.GridPoint(Resolution, 5);
        Assert.That(p.FeatureGrid(Resolution, 0)[5], Is.EqualTo(x0));
    }

    [TestCase(PlaygroundLoss.MeanSquaredError)]
    [TestCase(PlaygroundLoss.CrossEntropy)]
    public void CopyOnAnotherBackendFollowsTheWeights(PlaygroundLoss loss)
    {
        var p = Trained(loss);
        var copy = p.ModelCopyFor(ReferenceBackend.Instance);
        var inputs = p.GridInputs(Resolution).To(ReferenceBackend.Instance);
        var grid = new float[Resolution * Resolution];
        p.EvaluateGrid(Resolution, grid);
        Assert.That(copy.Predict(inputs).ToArray(), Is.EqualTo(grid).Within(Tolerance));
        p.Step(5);
        p.EvaluateGrid(Resolution, grid);
        Assert.That(copy.Predict(inputs).ToArray(), Is.Not.EqualTo(grid).Within(Tolerance), "stale until synced");
        p.SyncWeightsTo(copy);
        Assert.That(copy.Predict(inputs).ToArray(), Is.EqualTo(grid).Within(Tolerance));
        p.AddNeuron(0);
        Assert.That(() => p.SyncWeightsTo(copy), Throws.InvalidOperationException.With.Message.Contains("ModelCopyFor"));
    }
}
