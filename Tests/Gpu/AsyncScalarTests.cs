using System.Diagnostics;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

[TestFixture]
public sealed class AsyncScalarTests
{
    [Test]
    public void DeliversTheValueOnALaterPollWithoutBlocking()
    {
        using var backend = IlgpuBackend.CreateCpuSimulator();
        using var readback = new AsyncScalar(backend);
        var x = Tensor.FromArray([1f, 2f, 3f, 6f], new Shape(4), backend);
        var mean = Tensor.Zeros(new Shape(1), backend);
        backend.SumTo(x, mean, 0.25f, 0f);

        Assert.That(readback.TryGet(out _), Is.False, "nothing requested yet");
        Assert.That(readback.Request(mean), Is.True);
        Assert.That(readback.Request(mean), Is.False.Or.True, "a second request while pending is refused or, if already done, accepted");

        var clock = Stopwatch.StartNew();
        float value;
        while (!readback.TryGet(out value))
        {
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10), "the readback never arrived");
            Thread.Sleep(1); // one "frame"
        }
        Assert.That(value, Is.EqualTo(3f));
        Assert.That(readback.Latest, Is.EqualTo(3f));
        Assert.That(readback.Pending, Is.False);
    }

    [Test]
    public void ReadsTheValueOfTheStepItWasRequestedAfter()
    {
        using var backend = IlgpuBackend.CreateCpuSimulator();
        using var readback = new AsyncScalar(backend);
        var t = Tensor.Zeros(new Shape(1), backend);
        backend.Fill(t, 5f);
        readback.Request(t);
        float value;
        while (!readback.TryGet(out value)) Thread.Sleep(1);
        Assert.That(value, Is.EqualTo(5f));

        backend.Fill(t, 7f);
        Assert.That(readback.Request(t), Is.True);
        while (!readback.TryGet(out value)) Thread.Sleep(1);
        Assert.That(value, Is.EqualTo(7f));
    }
}
