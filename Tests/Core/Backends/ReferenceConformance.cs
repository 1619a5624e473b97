using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// Runs the suite on the spec itself (keeps every test path exercised), and checks the spec
/// against hand-computed double-precision values.
/// </summary>
[TestFixture]
public sealed class ReferenceConformance : BackendConformance
{
    /// <inheritdoc />
    protected override IBackend Backend => ReferenceBackend.Instance;

    [Test]
    public void MatMulMatchesHandValues()
    {
        var a = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }, Ref);
        var b = Tensor.FromArray(new float[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } }, Ref);
        var c = Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 1 } }, Ref);
        Ref.MatMul(a, b, c, false, false, 2f, 0.5f);
        Assert.That(c.ToArray(), Is.EqualTo(new[] { 2 * 58 + 0.5f, 2 * 64 + 0.5f, 2 * 139 + 0.5f, 2 * 154 + 0.5f }));
    }

    [Test]
    public void SoftmaxCrossEntropyMatchesDoubleFormula()
    {
        double[] row = [1.0, 2.0, 3.0, 1000.0 / 1000.0];
        var logits = Tensor.FromArray(row.Select(v => (float)v).ToArray(), new Shape(1, 4), Ref);
        var labels = Tensor.FromArray([2f], new Shape(1), Ref);
        var probs = Tensor.Zeros(new Shape(1, 4), Ref);
        var loss = Tensor.Zeros(new Shape(1), Ref);
        Ref.SoftmaxCrossEntropy(logits, labels, probs, loss);
        var sum = row.Sum(Math.Exp);
        for (var j = 0; j < 4; j++) Assert.That(probs.Span[j], Is.EqualTo(Math.Exp(row[j]) / sum).Within(1e-6));
        Assert.That(loss.Span[0], Is.EqualTo(Math.Log(sum) - row[2]).Within(1e-6));
    }

    [Test]
    public void AdamFirstStepMovesByLearningRate()
    {
        // With bias correction the first Adam step is lr·g/(|g| + eps) ≈ lr·sign(g).
        var p = Tensor.FromArray([1f, 1f], new Shape(2), Ref);
        var g = Tensor.FromArray([0.3f, -2f], new Shape(2), Ref);
        var m = Tensor.Zeros(new Shape(2), Ref);
        var v = Tensor.Zeros(new Shape(2), Ref);
        Ref.AdamUpdate(p, g, m, v, new OptimizerHyper { LearningRate = 0.01f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, Step = 1 });
        Assert.That(p.Span[0], Is.EqualTo(0.99).Within(1e-6));
        Assert.That(p.Span[1], Is.EqualTo(1.01).Within(1e-6));
    }
}
