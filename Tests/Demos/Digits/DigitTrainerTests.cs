using Myelin.Demos.Digits;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

public class DigitTrainerTests
{
    [Test]
    public void Update_TrainsAnEpochThenEvaluatesTheTestSetExactlyInChunks()
    {
        var (train, _) = TestData.MnistTrain.Split(320);
        var (test, _) = TestData.MnistTest.Split(300);
        var model = DigitModel.Create(seed: 3, channels: 4);
        var trainer = new DigitTrainer(model, train, test, batchSize: 32, evalChunk: 100);
        var evaluations = new List<(int Epoch, float Accuracy)>();
        trainer.EpochEvaluated += (e, a) => evaluations.Add((e, a));
        var sawEvaluating = false;
        for (var frame = 0; frame < 10_000 && evaluations.Count == 0; frame++)
        {
            trainer.Update(0.002);
            sawEvaluating |= trainer.Evaluating && trainer.Evaluated > 0 && trainer.Evaluated < test.Count;
        }
        Assert.That(evaluations, Has.Count.EqualTo(1));
        Assert.That(trainer.Epoch, Is.EqualTo(1));
        Assert.That(trainer.Steps, Is.EqualTo(10), "320 digits in batches of 32");
        Assert.That(sawEvaluating, "the test set is evaluated over several frames");
        Assert.That(trainer.RunningAccuracy, Is.InRange(0f, 1f));
        // Training pauses while evaluating, so the result is the epoch-end model's exact accuracy.
        Assert.That(trainer.TestAccuracy, Is.EqualTo(model.Evaluate(test).Accuracy).Within(1e-6f));
        Assert.That(evaluations[0], Is.EqualTo((1, trainer.TestAccuracy)));
    }

    [Test]
    public void Update_KeepsToItsBudget()
    {
        var model = DigitModel.Create(seed: 3, channels: 4);
        var trainer = new DigitTrainer(model, TestData.MnistTrain, TestData.MnistTest, batchSize: 16);
        trainer.Update(0.001); // warm-up
        // A spent budget yields after the step in flight (no wall-clock assertion: tests never time).
        var steps = trainer.Update(0.0);
        Assert.That(steps, Is.EqualTo(1));
        Assert.That(trainer.RunningLoss, Is.GreaterThan(0f));
    }

    [Test]
    public void SteadyStateFrames_AllocateNothing()
    {
        var (train, _) = TestData.MnistTrain.Split(256);
        var (test, _) = TestData.MnistTest.Split(100);
        var trainer = new DigitTrainer(DigitModel.Create(seed: 3, channels: 4), train, test, batchSize: 32, evalChunk: 50);
        while (trainer.Epoch < 1 || trainer.Evaluating) trainer.Update(0); // warm-up: one epoch and its evaluation
        var before = GC.GetAllocatedBytesForCurrentThread();
        while (trainer.Epoch < 2 || trainer.Evaluating) trainer.Update(0);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
