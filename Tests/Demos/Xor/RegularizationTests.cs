using Myelin.Demos.Xor;
using Myelin.Losses;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Xor;

/// <summary>The penalties do what they are for, in a playground-sized network.</summary>
public class RegularizationTests
{
    private static readonly PlaygroundSettings s_wide = new()
    {
        Dataset = PlaygroundDataset.Circle, Features = PlaygroundFeatures.All, Layers = [new(8), new(8)], Seed = 3,
    };

    private static float[] AllWeights(Playground p) => [.. Enumerable.Range(0, p.LayerCount + 1).SelectMany(k => p.Weights(k).ToArray())];

    // The unregularised baseline, trained once for both tests.
    private static readonly Lazy<float[]> s_plain = new(() => AllWeights(Train(RegularizationKind.None, 0f)));

    private static Playground Train(RegularizationKind kind, float rate)
    {
        var p = new Playground(s_wide with { Regularization = kind, RegularizationRate = rate });
        p.Step(200);
        return p;
    }

    [Test]
    public void L1DrivesManyWeightsToZero()
    {
        var plain = s_plain.Value;
        var l1 = Train(RegularizationKind.L1, 0.003f);
        var sparse = AllWeights(l1);
        static int NearZero(float[] w) => w.Count(v => MathF.Abs(v) < 0.02f);
        TestContext.Out.WriteLine($"|w| < 0.02: none {NearZero(plain)}/{plain.Length}, L1 {NearZero(sparse)}/{sparse.Length}; L1 train accuracy {l1.TrainAccuracy:P0}");
        Assert.That(NearZero(sparse), Is.GreaterThan(NearZero(plain) + sparse.Length / 4));
        Assert.That(l1.TrainAccuracy, Is.GreaterThan(0.9f), "still solves the circle");
    }

    [Test]
    public void L2ShrinksTheWeightNorm()
    {
        static double Norm(float[] w) => Math.Sqrt(w.Sum(v => (double)v * v));
        var plain = Norm(s_plain.Value);
        var l2 = Norm(AllWeights(Train(RegularizationKind.L2, 0.01f)));
        TestContext.Out.WriteLine($"‖w‖: none {plain:F3}, L2 {l2:F3}");
        Assert.That(l2, Is.LessThan(0.8 * plain));
    }
}
