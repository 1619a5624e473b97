using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

public class MnistTrainingTests
{
    private const float RequiredTestAccuracy = 0.92f;

    internal static Model Mlp(ulong seed = 1) =>
        new Model(new Sequential(new Flatten(), new Dense(784, 128), new Relu(), new Dense(128, 10)), new Shape(1, 28, 28), seed)
            .Compile(p => new Adam(p, 1e-3f), new SoftmaxCrossEntropy());

    // ~1 s per epoch on the optimised CpuBackend (Debug); 5 epochs reached 90.8%, so train longer.
    [Test]
    public void MlpReachesRequiredAccuracyOnTheSample()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = Mlp();
        var history = model.Fit(TestData.MnistTrain, new FitOptions { Epochs = 10, BatchSize = 64, ShuffleSeed = 1 });
        var test = model.Evaluate(TestData.MnistTest);
        TestContext.Out.WriteLine(string.Join("\n", history) + $"\ntest: loss {test.Loss:F4} acc {test.Accuracy:P2} in {clock.Elapsed.TotalSeconds:F1}s");
        Assert.That(history[^1].Loss, Is.LessThan(history[0].Loss));
        Assert.That(test.Count, Is.EqualTo(600));
        Assert.That(test.Accuracy, Is.GreaterThanOrEqualTo(RequiredTestAccuracy), $"test loss {test.Loss}");
    }
}
