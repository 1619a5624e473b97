using Myelin.Demos.Digits;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

/// <summary>The learner thread: trains its own model, publishes weights and evaluations, teaches on request.</summary>
public class DigitLearnerTests
{
    // A generous limit on waiting for the learner thread (not a timing assertion: the result is checked, not the time).
    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(60), $"waiting for {what}");
            Thread.Sleep(5);
        }
    }

    private static DigitLearnerStats Stats(DigitLearner learner)
    {
        var stats = default(DigitLearnerStats);
        while (!learner.TryReadStats(ref stats)) Thread.Yield();
        return stats;
    }

    [Test]
    public void Training_PublishesItsWeightsAndEachEpochsEvaluation()
    {
        var (train, _) = TestData.MnistTrain.Split(256);
        var (test, _) = TestData.MnistTest.Split(100);
        var model = DigitModel.Create(seed: 3, channels: DigitModel.DefaultChannels);
        var frameModel = DigitModel.Create(seed: 4);
        var learner = new DigitLearner(model, train, test, training: true);
        WaitFor(() => learner.Evaluations >= 1, "the first epoch's test");
        learner.Training = false;
        WaitFor(() => !Stats(learner).Evaluating, "the learner to stop");
        var stats = Stats(learner);
        learner.Dispose();

        Assert.That(stats.Epoch, Is.GreaterThanOrEqualTo(1));
        Assert.That(stats.Steps, Is.GreaterThanOrEqualTo(4), "256 digits in batches of 64");
        Assert.That(learner.TryPullWeights(frameModel), Is.True);
        Assert.That(learner.TryPullWeights(frameModel), Is.False, "nothing new since");
        for (var i = 0; i < model.Parameters.Count; i++)
            Assert.That(frameModel.Parameters[i].ToArray(), Is.EqualTo(model.Parameters[i].ToArray()), $"parameter {i}");
        var confusion = new int[100];
        var wrong = new int[test.Count];
        var wrongAs = new int[test.Count];
        Assert.That(learner.TryPullEvaluation(confusion, wrong, wrongAs, out var count), Is.True);
        Assert.That(learner.HasNewEvaluation, Is.False);
        Assert.That(confusion.Sum(), Is.EqualTo(test.Count));
        Assert.That(count, Is.EqualTo(test.Count - Enumerable.Range(0, 10).Sum(d => confusion[d * 11])));
        for (var i = 0; i < count; i++) Assert.That(wrongAs[i], Is.Not.EqualTo((int)test.Target(wrong[i])[0]));
    }

    [Test]
    public void Teach_WithTrainingOff_FineTunesTowardsTheLabel()
    {
        var model = DigitModel.Load(DigitFixture.SavedPath);
        var frameModel = DigitModel.Load(DigitFixture.SavedPath);
        var digit = DigitFixture.TestDigit(0);
        var wrong = (DigitFixture.TestLabel(0) + 1) % 10;
        var before = new float[10];
        var after = new float[10];
        new Explain(frameModel).Predict(digit, before);
        using var learner = new DigitLearner(model, TestData.MnistTrain, TestData.MnistTest, training: false);
        learner.Teach(digit, wrong);
        WaitFor(() => Stats(learner).Taught == 1, "the lesson");
        Assert.That(Stats(learner).Steps, Is.Zero, "no MNIST training while off");
        Assert.That(learner.TryPullWeights(frameModel), Is.True);
        new Explain(frameModel).Predict(digit, after);
        Assert.That(after[wrong], Is.GreaterThan(before[wrong]), "more probability for the taught label");
    }
}
