using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Autograd;

public class TapeTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Test]
    public void GradientsAccumulateAcrossUses()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, -2f, 3f);
        // y = Σ (x·x + x): dy/dx = 2x + 1, x appears three times.
        var y = Ops.Sum(x * x + x);
        y.Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 3f, -3f, 7f }));
    }

    [Test]
    public void AnIntermediateUsedTwiceGetsBothContributionsEveryStep()
    {
        // h = relu(x) feeds a square and a sum: its gradient's first contribution overwrites the zeros the
        // tape left pending, the second adds; a second step on the same nodes starts from zero again.
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, -2f, 3f);
        foreach (var scale in new[] { 1f, 2f })
        {
            x.CopyFrom([1f * scale, -2f * scale, 3f * scale]);
            x.ZeroGrad();
            var h = Ops.Unary(x, UnaryKind.Relu);
            var loss = Ops.Sum(Ops.Unary(h, UnaryKind.Square) + h);
            tape.Backward(loss);
            // d/dh (h² + h) = 2h + 1 where x > 0, and relu passes it where x > 0
            Assert.That(h.Grad!.ToArray(), Is.EqualTo(new[] { 2f * scale + 1f, 1f, 6f * scale + 1f }), $"scale {scale}: dh");
            Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 2f * scale + 1f, 0f, 6f * scale + 1f }), $"scale {scale}: dx");
        }
    }

    [Test]
    public void ParameterGradientsAccumulateUntilZeroed()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(2f);
        Ops.Sum(x * x).Backward();
        Ops.Sum(x * x).Backward();
        Assert.That(x.Grad!.Item(), Is.EqualTo(8f));
        x.ZeroGrad();
        Assert.That(x.Grad!.Item(), Is.EqualTo(0f));
    }

    [Test]
    public void ZeroedGradientsReadAsZerosAndADenseLayerOverwritesThemWithTheAccumulatedBits()
    {
        var rng = new Rng(5);
        var x = Tensor.RandomUniform(new Shape(6, 5), rng, -1, 1);
        AssertZeroedGradientsAreOverwritten(rng, new Shape(5, 4), new Shape(4), (w, b) => Ops.Dense(x, w, b, UnaryKind.Tanh));
    }

    [Test]
    public void ZeroedGradientsReadAsZerosAndAConvolutionOverwritesThemWithTheAccumulatedBits()
    {
        var rng = new Rng(6);
        var x = Tensor.RandomUniform(new Shape(2, 3, 6, 5), rng, -1, 1);
        AssertZeroedGradientsAreOverwritten(rng, new Shape(4, 3, 3, 3), new Shape(4), (w, b) => Ops.Conv2D(x, w, b, padding: 1));
    }

    [TestCase(1)]
    [TestCase(6)]
    public void AConvolutionsInputGradientIsRecomputedEveryStepOnTheSameTape(int channels)
    {
        // The tape hands the layer the same dy tensor each step with new values: nothing reordered for
        // one step may be reused by the next (1 channel takes the CPU's default input gradient, which
        // once reused the dy reordered for an earlier step).
        var rng = new Rng(8);
        var x = Tensor.RandomUniform(new Shape(3, channels, 7, 6), rng, -1, 1);
        var w = Tensor.RandomUniform(new Shape(5, channels, 3, 3), rng, -1, 1);
        var b = Tensor.RandomUniform(new Shape(5), rng, -1, 1);
        foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
        var tape = new Tape();
        var reference = ReferenceBackend.Instance;
        for (var step = 0; step < 3; step++)
        {
            x.CopyFrom([.. Enumerable.Range(0, x.Length).Select(i => MathF.Sin(i * 0.37f + step))]);
            float[] want;
            using (new Tape().Activate())
            {
                var xr = x.To(reference);
                xr.RequiresGrad = true;
                Ops.Sum(Ops.Unary(Ops.Conv2D(xr, w.To(reference), b.To(reference), padding: 1), UnaryKind.Square)).Backward();
                want = xr.Grad!.ToArray();
            }
            using var active = tape.Activate();
            x.ZeroGrad();
            Ops.Sum(Ops.Unary(Ops.Conv2D(x, w, b, padding: 1), UnaryKind.Square)).Backward();
            var got = x.Grad!.ToArray();
            for (var i = 0; i < want.Length; i++)
                Assert.That(got[i], Is.EqualTo(want[i]).Within(1e-4f * (1 + Math.Abs(want[i]))), $"step {step}: dx[{i}]");
        }
    }

    // Two steps of Σ layer(w, b): the first accumulates into freshly allocated zeros; before the
    // second the gradients are poisoned with NaN and zeroed lazily, so the layer must overwrite them.
    private static void AssertZeroedGradientsAreOverwritten(Rng rng, Shape weights, Shape bias, Func<Tensor, Tensor, Tensor> layer)
    {
        var w = Tensor.RandomUniform(weights, rng, -1, 1);
        var b = Tensor.RandomUniform(bias, rng, -1, 1);
        var unused = Tensor.RandomUniform(new Shape(3), rng, -1, 1);
        foreach (var p in new[] { w, b, unused }) p.RequiresGrad = true;
        float[] Step(bool poisonFirst)
        {
            var tape = new Tape();
            using var active = tape.Activate();
            if (poisonFirst)
                foreach (var p in new[] { w, b, unused }) CpuBackend.Instance.Fill(p.EnsureGrad(), float.NaN);
            foreach (var p in new[] { w, b, unused }) p.ZeroGrad();
            Ops.Sum(layer(w, b)).Backward();
            return [.. w.Grad!.ToArray(), .. b.Grad!.ToArray()];
        }
        var reference = Step(poisonFirst: false);
        var lazy = Step(poisonFirst: true);
        Assert.That(lazy, Is.EqualTo(reference));
        Assert.That(unused.Grad!.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f }), "a parameter the step did not touch reads zeros");
    }

    [Test]
    public void NoGradRecordsNoGradientAndReleasesOps()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, 2f);
        _ = Ops.Square(x);
        Assert.That(tape.Count, Is.EqualTo(1));
        Tensor y;
        using (Tape.NoGrad())
        {
            Assert.That(tape.IsNoGrad, Is.True);
            y = Ops.Sum(Ops.Square(x));
            Assert.That(tape.Count, Is.EqualTo(3));
            Assert.That(y.RequiresGrad, Is.False);
        }
        Assert.That(tape.IsNoGrad, Is.False);
        Assert.That(tape.Count, Is.EqualTo(1), "ops recorded inside NoGrad are released");
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y));
        Assert.That(e!.Message, Does.Contain("no gradient history"));
    }

    [Test]
    public void BackwardRejectsNonScalarLoss()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var y = Ops.Square(Leaf(1f, 2f));
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y));
        Assert.That(e!.Message, Does.Contain("one-element").And.Contain("(2)"));
    }

    [Test]
    public void BackwardRejectsLossWithoutHistory()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var constant = Tensor.FromArray([1f], 1);
        Assert.Throws<InvalidOperationException>(() => tape.Backward(constant));
        var fromConstants = Ops.Sum(Ops.Square(Tensor.FromArray([1f, 2f], 2)));
        Assert.Throws<InvalidOperationException>(() => tape.Backward(fromConstants));
    }

    [Test]
    public void BackwardRejectsLossFromAnotherTape()
    {
        var other = new Tape();
        Tensor loss;
        using (other.Activate()) loss = Ops.Sum(Ops.Square(Leaf(1f)));
        var tape = new Tape();
        using var active = tape.Activate();
        _ = Ops.Square(Leaf(1f));
        Assert.Throws<InvalidOperationException>(() => tape.Backward(loss));
    }

    [Test]
    public void RewindsAfterBackwardAndReusesNodesAndOutputs()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, 2f);
        var sq1 = Ops.Square(x);
        var loss1 = Ops.Sum(sq1);
        tape.Backward(loss1);
        Assert.That(tape.Count, Is.EqualTo(2));
        var sq2 = Ops.Square(x);
        Assert.That(tape.Count, Is.EqualTo(1), "the next op rewinds the tape");
        Assert.That(sq2, Is.SameAs(sq1), "the pooled node's output tensor is reused");
        var loss2 = Ops.Sum(sq2);
        Assert.That(loss2, Is.SameAs(loss1));
        x.ZeroGrad();
        tape.Backward(loss2);
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 2f, 4f }));
    }

    [Test]
    public void ActivateRestoresThePreviousTape()
    {
        var before = Tape.Current;
        var tape = new Tape();
        using (tape.Activate()) Assert.That(Tape.Current, Is.SameAs(tape));
        Assert.That(Tape.Current, Is.SameAs(before));
    }
    [Test]
    public void AnotherOpAtARecordedPositionGetsItsOwnNode()
    {
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, -2f);
        tape.Backward(Ops.Sum(x * x)); // positions: Multiply, Sum
        x.ZeroGrad();
        // Unary at position 0 where a Binary node was: a new node, and the gradient is the unary's.
        tape.Backward(Ops.Sum(Ops.Scale(x, 3f)));
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 3f, 3f }));
        x.ZeroGrad();
        tape.Backward(Ops.Sum(x * x));
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 2f, -4f }));
    }

    [Test]
    public void LongChainsGrowTheTapeThenRepeatWithoutAllocating()
    {
        // 40 ops: past the tape's first capacity. y = Σ 1.5⁴⁰·x, so dy/dx = 1.5⁴⁰ (exact in float).
        const int ops = 40;
        var tape = new Tape();
        using var active = tape.Activate();
        var x = Leaf(1f, 2f);
        float[] Run()
        {
            var h = x;
            for (var i = 0; i < ops; i++) h = Ops.Scale(h, 1.5f);
            x.ZeroGrad();
            tape.Backward(Ops.Sum(h));
            return x.Grad!.ToArray();
        }
        var want = (float)Math.Pow(1.5, ops);
        Assert.That(Run(), Is.EqualTo(new[] { want, want }));
        Assert.That(tape.Count, Is.EqualTo(ops + 1));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var h2 = x;
        for (var i = 0; i < ops; i++) h2 = Ops.Scale(h2, 1.5f);
        x.ZeroGrad();
        tape.Backward(Ops.Sum(h2));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "a repeated step reuses every node and output");
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { want, want }));
    }

    [Test]
    public void ReusedTapeTrainsToTheSameBitsAsAFreshTapeEveryStep()
    {
        // The fast path (Model.TrainStep: pooled nodes, reused outputs and gradients) against the
        // plain one (a new tape each step: every node, output and gradient fresh) on the W1 network.
        static Model NewModel() => new Model(new Sequential(
                new Dense(2, 4, init: Init.StandardNormal), new Sigmoid(),
                new Dense(4, 4, init: Init.StandardNormal), new Sigmoid(),
                new Dense(4, 1, init: Init.StandardNormal), new Sigmoid()), new Shape(2), seed: 1, CpuBackend.Instance)
            .Compile(p => new Sgd(p, 0.1f), new MeanSquaredError(TargetKind.Binary));
        var x = Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], new Shape(4, 2), CpuBackend.Instance);
        var y = Tensor.FromArray([0, 1, 1, 0], new Shape(4, 1), CpuBackend.Instance);
        var fast = NewModel();
        var plain = NewModel();
        for (var step = 0; step < 10_000; step++) // W1's 10,000 epochs
        {
            var fastLoss = fast.TrainStep(x, y);
            float plainLoss;
            var tape = new Tape();
            using (tape.Activate())
            {
                var loss = plain.Loss!.Compute(plain.Network.Forward(x), y);
                plainLoss = loss.Item();
                plain.Optimizer!.ZeroGrad();
                tape.Backward(loss);
                plain.Optimizer.Step();
            }
            Assert.That(BitConverter.SingleToInt32Bits(fastLoss), Is.EqualTo(BitConverter.SingleToInt32Bits(plainLoss)),
                $"step {step}: loss {fastLoss:R} (reused tape) vs {plainLoss:R} (fresh tape)");
        }
        for (var i = 0; i < fast.Parameters.Count; i++)
            Assert.That(fast.Parameters[i].ToArray().Select(BitConverter.SingleToInt32Bits),
                Is.EqualTo(plain.Parameters[i].ToArray().Select(BitConverter.SingleToInt32Bits)), fast.Parameters[i].Name);
        Assert.That(fast.LastLoss, Is.LessThan(0.01f), "the net learns XOR, so the comparison covers a real run");
    }
}
