using System.Diagnostics;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

public class SpiralsTrainingTests
{
    private const float RequiredTrainAccuracy = 0.95f;

    [Test]
    public void Tanh_2_16_16_1_SeparatesTwoSpirals()
    {
        // Points of radius ≤ 0.95 are scaled ×3 (inputs in ±2.85, roughly unit variance ×1.2): at
        // their raw scale the tanh units start almost linear and training often stalls on a plateau
        // at loss ≈ 0.67 (~60%); scaled, seeds 1–6 all reach ≥ 96.5% with these settings.
        var data = Synthetic.Spirals(200, 0f, new Rng(1));
        for (var i = 0; i < data.Inputs.Length; i++) data.Inputs[i] *= 3f;
        var net = new Sequential(new Dense(2, 16), new Tanh(), new Dense(16, 16), new Tanh(), new Dense(16, 1));
        var model = new Model(net, new Shape(2), seed: 1).Compile(p => new Adam(p, 0.03f), new BinaryCrossEntropy());
        var clock = Stopwatch.StartNew();
        var history = model.Fit(data, new FitOptions { Epochs = 200, BatchSize = 32, ShuffleSeed = 1 });
        var eval = model.Evaluate(data);
        TestContext.Out.WriteLine($"{history[^1]}\ntrain: loss {eval.Loss:F4} acc {eval.Accuracy:P2} in {clock.Elapsed.TotalSeconds:F2}s");
        Assert.That(eval.Count, Is.EqualTo(200));
        Assert.That(eval.Accuracy, Is.GreaterThanOrEqualTo(RequiredTrainAccuracy), $"train loss {eval.Loss}");
        Assert.That(history[^1].Loss, Is.LessThan(0.2f), "training loss after 200 epochs");
    }
}
