using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

public abstract partial class BackendConformance
{
    /// <summary>(rows, classes, logit scale, logit offset): small, wide, and huge logits for stability.</summary>
    protected IEnumerable<(int R, int K, float Scale, float Offset)> RowCases()
    {
        yield return (1, 1, 1f, 0f);
        yield return (1, 4, 1f, 0f);
        yield return (7, 10, 3f, 0f);
        yield return (7, 33, 1f, 0f);
        yield return (5, 17, 300f, 1e4f); // exp would overflow without max subtraction
        yield return (3, 7, 1f, -1e4f);
        if (SmallShapesOnly) yield break;
        yield return (45, 65, 5f, 0f);
        yield return (3, 1025, 2f, 0f);
        yield return (64, 10, 1000f, 50f);
    }

    [Test]
    public void Softmax()
    {
        foreach (var (r, k, scale, offset) in RowCases())
        {
            var rng = new Rng(70);
            var x = Rand(rng, new Shape(r, k), offset - scale, offset + scale);
            var want = Tensor.Zeros(x.Shape, Ref);
            var got = Tensor.Full(x.Shape, float.NaN, Backend);
            Ref.Softmax(x, want);
            Backend.Softmax(On(x), got);
            AssertClose(want, got, TranscendentalTolerance, $"Softmax ({r},{k}) scale={scale} offset={offset}");

            var dy = Rand(rng, x.Shape);
            var dxWant = Rand(rng, x.Shape);
            var dxGot = On(dxWant);
            Ref.SoftmaxBackward(want, dy, dxWant);
            Backend.SoftmaxBackward(On(want), On(dy), dxGot);
            AssertClose(dxWant, dxGot, SumTolerance(k), $"SoftmaxBackward ({r},{k})");
        }
    }

    private static Tensor Labels(Rng rng, int rows, int classes)
    {
        var t = Tensor.Zeros(new Shape(rows), Ref);
        for (var i = 0; i < rows; i++) t.Span[i] = rng.NextInt(classes);
        return t;
    }

    [Test]
    public void SoftmaxCrossEntropy()
    {
        foreach (var (r, k, scale, offset) in RowCases())
        {
            var rng = new Rng(71);
            var logits = Rand(rng, new Shape(r, k), offset - scale, offset + scale);
            var labels = Labels(rng, r, k);
            var probsWant = Tensor.Zeros(logits.Shape, Ref);
            var lossWant = Tensor.Zeros(new Shape(r), Ref);
            var probsGot = Tensor.Full(logits.Shape, float.NaN, Backend);
            var lossGot = Tensor.Full(new Shape(r), float.NaN, Backend);
            Ref.SoftmaxCrossEntropy(logits, labels, probsWant, lossWant);
            Backend.SoftmaxCrossEntropy(On(logits), On(labels), probsGot, lossGot);
            AssertClose(probsWant, probsGot, TranscendentalTolerance, $"SoftmaxCrossEntropy probs ({r},{k}) scale={scale}");
            AssertClose(lossWant, lossGot, TranscendentalTolerance, $"SoftmaxCrossEntropy loss ({r},{k}) scale={scale}");
            foreach (var v in lossGot.ToArray()) Assert.That(float.IsFinite(v), $"loss not finite for scale={scale}");

            var dloss = Rand(rng, new Shape(r));
            var dWant = Rand(rng, logits.Shape);
            var dGot = On(dWant);
            Ref.SoftmaxCrossEntropyBackward(probsWant, labels, dloss, dWant);
            Backend.SoftmaxCrossEntropyBackward(On(probsWant), On(labels), On(dloss), dGot);
            AssertClose(dWant, dGot, Tolerance, $"SoftmaxCrossEntropyBackward ({r},{k})");
        }
    }

    [Test]
    public void SoftmaxCrossEntropyRejectsBadLabels([Values(-1f, 4f, 1.5f)] float label)
    {
        var logits = On(Rand(new Rng(72), new Shape(2, 4)));
        var labels = On(Tensor.FromArray([0f, label], new Shape(2), Ref));
        var probs = Tensor.Zeros(logits.Shape, Backend);
        var loss = Tensor.Zeros(new Shape(2), Backend);
        if (BadLabelThrows)
        {
            Assert.Throws<ArgumentException>(() => Backend.SoftmaxCrossEntropy(logits, labels, probs, loss));
            return;
        }
        Backend.SoftmaxCrossEntropy(logits, labels, probs, loss);
        var l = loss.ToArray();
        Assert.That(float.IsFinite(l[0]) && float.IsNaN(l[1]), $"a bad label's loss is NaN, the good row's finite; got {l[0]}, {l[1]}");
    }

    /// <summary>
    /// Host backends throw on a bad label; GPU backends cannot throw from a kernel and write NaN
    /// into that row's loss instead (so the mean loss shows it).
    /// </summary>
    protected virtual bool BadLabelThrows => true;

    [Test]
    public void ArgMax([Values] bool ties)
    {
        foreach (var (r, k, _, _) in RowCases())
        {
            var rng = new Rng(73);
            var x = ties ? Ties(rng, new Shape(r, k)) : Rand(rng, new Shape(r, k));
            var want = Tensor.Zeros(new Shape(r), Ref);
            var got = Tensor.Full(new Shape(r), float.NaN, Backend);
            Ref.ArgMax(x, want);
            Backend.ArgMax(On(x), got);
            AssertEqual(want, got, $"ArgMax ({r},{k}) ties={ties}");
        }
    }

    [Test]
    public void DropoutMask([Values(0f, 0.3f, 0.9f)] float p)
    {
        foreach (var n in LengthsWithTails())
            foreach (var seed in new[] { 0u, 12345u })
            {
                var want = Tensor.Zeros(new Shape(n), Ref);
                var got = Tensor.Full(new Shape(n), float.NaN, Backend);
                Ref.DropoutMask(want, p, seed);
                Backend.DropoutMask(got, p, seed);
                AssertEqual(want, got, $"DropoutMask n={n} p={p} seed={seed}");
            }
    }

    [Test]
    public void ClipByNorm([Values(0.5f, 1e6f)] float maxNorm)
    {
        foreach (var n in ElementSizes)
        {
            var want = Rand(new Rng(74), new Shape(n));
            var sumSquares = Tensor.FromArray([want.Span.ToArray().Sum(v => v * v)], new Shape(1), Ref);
            var got = On(want);
            Ref.ClipByNorm(want, sumSquares, maxNorm);
            Backend.ClipByNorm(got, On(sumSquares), maxNorm);
            AssertClose(want, got, Tolerance, $"ClipByNorm n={n} maxNorm={maxNorm}");
        }
    }
}
