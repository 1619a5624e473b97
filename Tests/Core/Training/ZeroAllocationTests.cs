using Myelin.Data;
using Myelin.Nn;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

/// <summary>Steady-state training steps and predictions must not allocate (no per-frame churn).</summary>
public class ZeroAllocationTests
{
    private const int WarmUp = 3, Measured = 5;

    [Test]
    public void TrainStepOnMnistMlpAllocatesNothing()
    {
        var model = MnistTrainingTests.Mlp();
        var loader = new DataLoader(TestData.MnistTrain, 64, seed: 3, backend: model.Backend);
        loader.Next();
        // fewest of three rounds: 7.7 KB once showed in a full CI run, from the runtime, not the step
        var bytes = AllocationProbe.FewestBytes(() => model.TrainStep(loader.X, loader.Y), WarmUp, Measured);
        TestContext.Out.WriteLine($"TrainStep: {bytes} bytes over {Measured} steps (fewest of three rounds)");
        Assert.That(bytes, Is.Zero, "bytes allocated by steady-state TrainStep");
    }

    [Test]
    public void TrainStepWithBinaryOpLossAllocatesNothing()
    {
        // BCE is built from element-wise binary ops (subtract, multiply, add), unlike the fused softmax loss.
        var net = new Myelin.Nn.Sequential(new Myelin.Nn.Dense(2, 4), new Myelin.Nn.Tanh(), new Myelin.Nn.Dense(4, 1));
        var model = new Myelin.Training.Model(net, new Shape(2), 1).Compile(p => new Myelin.Optimizers.Sgd(p, 0.1f), new Myelin.Losses.BinaryCrossEntropy());
        var x = Tensor.Zeros(new Shape(8, 2), model.Backend);
        var y = Tensor.Zeros(new Shape(8), model.Backend);
        for (var i = 0; i < WarmUp; i++) model.TrainStep(x, y);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++) model.TrainStep(x, y);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by steady-state TrainStep with BCE");
    }

    [Test]
    public void DataLoaderNextAllocatesNothing()
    {
        // MNIST rows take the CPU's threaded gather; a round is a few batches and a new epoch
        var loader = new DataLoader(TestData.MnistTrain, 64, seed: 3);
        var bytes = AllocationProbe.FewestBytes(() =>
        {
            for (var i = 0; i < Measured; i++) loader.Next();
            loader.StartEpoch();
            loader.Next();
        }, warmUp: 1, perRound: 1);
        Assert.That(bytes, Is.Zero, "bytes allocated by Next and StartEpoch");
    }

    [TestCase(1)]
    [TestCase(4096)]
    public void AgentMlpPredictAllocatesNothing(int batch)
    {
        // W4's shape: the dense chain path, one thread at batch 1 and the worker threads at 4096
        var net = new Sequential(new Dense(16, 64), new Tanh(), new Dense(64, 64), new Tanh(), new Dense(64, 4));
        var model = new Model(net, new Shape(16), seed: 1);
        var x = Tensor.RandomNormal(new Shape(batch, 16), new Rng(2));
        for (var i = 0; i < WarmUp; i++) model.Predict(x);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++) model.Predict(x);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, $"bytes allocated by steady-state Predict at batch {batch}");
    }

    [Test]
    public void PredictIntoSpanAllocatesNothing()
    {
        var model = MnistTrainingTests.Mlp();
        var sample = TestData.MnistTest.Input(0);
        Span<float> output = stackalloc float[10];
        for (var i = 0; i < WarmUp; i++) model.Predict(sample, output);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++) model.Predict(TestData.MnistTest.Input(i), output);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"Predict(span, span): {bytes} bytes over {Measured} calls");
        Assert.That(bytes, Is.Zero, "bytes allocated by steady-state Predict");
    }
}
