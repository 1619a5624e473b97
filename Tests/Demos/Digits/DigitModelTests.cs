using Myelin.Demos.Digits;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

public class DigitModelTests
{
    private const float RequiredSampleAccuracy = 0.90f;

    [Test]
    public void TrainedBrieflyOnTheSample_BeatsNinetyPercent()
    {
        var model = DigitFixture.Model;
        var test = model.Evaluate(TestData.MnistTest);
        TestContext.Out.WriteLine($"{string.Join("\n", DigitFixture.History)}\ntest {test.Accuracy:P2} after {DigitFixture.TrainingSeconds:F1} s of training");
        Assert.That(test.Count, Is.EqualTo(600));
        Assert.That(test.Accuracy, Is.GreaterThan(RequiredSampleAccuracy));
    }

    [Test]
    public void SavedAndLoaded_PredictsTheSame()
    {
        var loaded = DigitFixture.Fresh();
        Span<float> a = stackalloc float[10], b = stackalloc float[10];
        DigitFixture.Model.Predict(DigitFixture.TestDigit(3), a);
        loaded.Predict(DigitFixture.TestDigit(3), b);
        Assert.That(b.ToArray(), Is.EqualTo(a.ToArray()));
    }

    [Test]
    public void Softmax_SumsToOneAndReturnsTheArgMax()
    {
        Span<float> p = stackalloc float[4];
        var best = DigitModel.Softmax([1f, 3f, 2f, 1000f], p);
        Assert.That(best, Is.EqualTo(3));
        Assert.That(p[0] + p[1] + p[2] + p[3], Is.EqualTo(1f).Within(1e-6f));
        Assert.That(p[3], Is.EqualTo(1f).Within(1e-6f), "stable for large logits");
    }
}
