using Myelin.Backends;
using Myelin.Demos.Xor;
using Myelin.Losses;
using Myelin.Tests.Core;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

/// <summary>Per-frame calls allocate nothing after warm-up.</summary>
public class PlaygroundAllocationTests
{
    private const int WarmUp = 3, Measured = 5, Resolution = 16;

    private static PlaygroundSettings Busy(PlaygroundLoss loss) => new()
    {
        Dataset = PlaygroundDataset.Spiral, Features = PlaygroundFeatures.All, Loss = loss, Seed = 2,
        Layers = [new(6, UnaryKind.Swish), new(5, UnaryKind.Gelu), new(4, UnaryKind.LeakyRelu)],
        Regularization = RegularizationKind.L1, RegularizationRate = 0.001f,
        Dropout = true, DropoutRate = 0.1f, Optimizer = PlaygroundOptimizer.Adam, BatchSize = 7,
    };

    // The fewest bytes of three rounds, as the other steady-state allocation tests take: a one-off runtime
    // allocation (7.4 KB once in a full CI run of the optimizer race) spoils one round, a per-frame one all.
    private static long Bytes(Action frame) => AllocationProbe.FewestBytes(frame, WarmUp, Measured);

    [TestCase(PlaygroundLoss.MeanSquaredError)]
    [TestCase(PlaygroundLoss.CrossEntropy)]
    public void StepAllocatesNothing(PlaygroundLoss loss)
    {
        var p = new Playground(Busy(loss));
        var bytes = Bytes(() => p.Step());
        TestContext.Out.WriteLine($"Step: {bytes} bytes over {Measured} epochs");
        Assert.That(bytes, Is.Zero);
    }

    [Test]
    public void L2StepAllocatesNothing()
    {
        var p = new Playground(Busy(PlaygroundLoss.MeanSquaredError) with { Regularization = RegularizationKind.L2, Optimizer = PlaygroundOptimizer.Nesterov });
        Assert.That(Bytes(() => p.Step()), Is.Zero);
    }

    [Test]
    public void GridsAndSyncAllocateNothing()
    {
        var p = new Playground(Busy(PlaygroundLoss.CrossEntropy));
        var grid = new float[Resolution * Resolution];
        var small = new float[4 * 4];
        var copy = p.ModelCopyFor(ReferenceBackend.Instance);
        var bytes = Bytes(() =>
        {
            p.EvaluateGrid(Resolution, grid);
            p.EvaluateGrid(4, small);
            p.EvaluateNeuronGrids(Resolution);
            p.SyncWeightsTo(copy);
            _ = p.NeuronGrid(Resolution, 1, 2);
        });
        TestContext.Out.WriteLine($"grids + sync: {bytes} bytes over {Measured} frames");
        Assert.That(bytes, Is.Zero);
    }

    [Test]
    public void RaceStepAllocatesNothing()
    {
        var race = new OptimizerRace(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor }, PlaygroundOptimizer.Sgd, PlaygroundOptimizer.Momentum, PlaygroundOptimizer.RmsProp, PlaygroundOptimizer.Adam);
        Assert.That(Bytes(() => race.Step()), Is.Zero);
    }
}
