using Myelin.Losses;
using NUnit.Framework;
using static Myelin.Tests.Core.Autograd.GradientChecker;

namespace Myelin.Tests.Core.Losses;

/// <summary>L1/L2 penalties: values by hand, gradients against finite differences.</summary>
public class RegularizationGradientTests
{
    [Test]
    public void ValuesAreTheDefinitions()
    {
        var a = Tensor.FromArray([1f, -2f, 3f], new Shape(3), Backend);
        var b = Tensor.FromArray([-0.5f, 4f], new Shape(2, 1), Backend);
        Assert.That(Regularization.L1([a, b], 0.1f).Item(), Is.EqualTo(0.1f * 10.5f).Within(1e-6f));
        Assert.That(Regularization.L2([a, b], 0.1f).Item(), Is.EqualTo(0.05f * (14f + 16.25f)).Within(1e-6f));
    }

    [TestCase(RegularizationKind.L1)]
    [TestCase(RegularizationKind.L2)]
    public void GradientMatchesFiniteDifferences(RegularizationKind kind)
    {
        var a = Random(new Shape(3, 4), 1, awayFromZero: 0.1f);
        var b = Random(new Shape(5), 2, awayFromZero: 0.1f);
        Check($"{kind}", () => Regularization.Penalty(kind, [a, b], 0.7f), [a, b]);
    }

    [Test]
    public void RegularizedLossAddsThePenaltyGradient()
    {
        var w = Random(new Shape(2, 3), 3, awayFromZero: 0.1f);
        var x = Random(new Shape(4, 2), 4, requiresGrad: false);
        var t = Random(new Shape(4, 3), 5, requiresGrad: false);
        var loss = new RegularizedLoss(new MeanSquaredError(), [w], RegularizationKind.L1, 0.3f);
        Check("mse + L1", () => loss.Compute(Ops.MatMul(x, w), t), [w]);
        Assert.That(loss.Name, Is.EqualTo("mse+L1"));
    }

    [Test]
    public void RefusesNonsense()
    {
        var a = Tensor.Zeros(new Shape(2), Backend);
        Assert.That(() => Regularization.Penalty(RegularizationKind.None, [a], 1f), Throws.ArgumentException);
        Assert.That(() => Regularization.L1([], 1f), Throws.ArgumentException);
        Assert.That(() => Regularization.L2([a], -1f), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
