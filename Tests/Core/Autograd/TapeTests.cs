using Myelin.Autograd;
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
}
