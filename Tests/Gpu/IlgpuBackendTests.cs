using Myelin.Backends;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>Behaviour specific to the ILGPU backend: device residency, invalid labels, ownership, disposal.</summary>
[TestFixture]
public sealed class IlgpuBackendTests
{
    private IlgpuBackend _backend = null!;

    [OneTimeSetUp]
    public void Create() => _backend = IlgpuBackend.CreateCpuSimulator();

    [OneTimeTearDown]
    public void Release() => _backend.Dispose();

    [Test]
    public void TheCpuSimulatorIsNotReportedAsCuda()
    {
        Assert.That(_backend.IsCuda, Is.False);
        Assert.That(_backend.Name, Is.EqualTo("ilgpu-cpu"));
        Assert.That(_backend.KernelCount, Is.EqualTo(27));
    }

    [Test]
    public void TensorsLiveOnTheDevice()
    {
        var t = Tensor.FromArray([1f, 2f, 3f], new Shape(3), _backend);
        Assert.That(t.IsHost, Is.False);
        Assert.Throws<InvalidOperationException>(() => _ = t.Span.Length);
        Assert.That(t.ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f }));
    }

    [Test]
    public void AForeignTensorIsRefusedWithItsBackendName()
    {
        var host = Tensor.Zeros(new Shape(3), CpuBackend.Instance);
        var e = Assert.Throws<ArgumentException>(() => _backend.Fill(host, 1f));
        Assert.That(e!.Message, Does.Contain("'cpu'"));
    }

    [Test]
    public void AnOutOfRangeLabelGivesNaNLossWhereTheCpuThrows()
    {
        float[] logits = [1f, 2f, 3f, 0f, 0f, 0f, 1f, 1f, 1f];
        float[] labels = [2f, 3f, 1.5f]; // valid, out of range, not an integer
        var x = Tensor.FromArray(logits, new Shape(3, 3), _backend);
        var l = Tensor.FromArray(labels, new Shape(3), _backend);
        var probs = Tensor.Zeros(new Shape(3, 3), _backend);
        var loss = Tensor.Zeros(new Shape(3), _backend);
        _backend.SoftmaxCrossEntropy(x, l, probs, loss);
        var values = loss.ToArray();
        Assert.That(values[0], Is.EqualTo(0.40760596f).Within(1e-6f));
        Assert.That(float.IsNaN(values[1]) && float.IsNaN(values[2]), Is.True, $"losses {string.Join(", ", values)}");
        Assert.That(probs.ToArray()[3], Is.EqualTo(1f / 3).Within(1e-6f), "probabilities are still written");

        var dlogits = Tensor.Zeros(new Shape(3, 3), _backend);
        _backend.SoftmaxCrossEntropyBackward(probs, l, Tensor.Full(new Shape(3), 1f, _backend), dlogits);
        var d = dlogits.ToArray();
        Assert.That(d[..3].All(float.IsFinite) && d[3..].All(float.IsNaN), Is.True);

        var r = ReferenceBackend.Instance;
        Assert.Throws<ArgumentException>(() => r.SoftmaxCrossEntropy(x.To(r), l.To(r), probs.To(r), loss.To(r)));
    }

    [Test]
    public void DropoutMasksAreBitIdenticalToTheHostHash()
    {
        const int n = 4099;
        var mask = Tensor.Zeros(new Shape(n), _backend);
        _backend.DropoutMask(mask, 0.25f, 0xC0FFEEu);
        var values = mask.ToArray();
        for (var i = 0; i < n; i++)
        {
            var expected = Rng.Hash(0xC0FFEEu, (uint)i) >= 0.25f ? 1f / 0.75f : 0f;
            Assert.That(BitConverter.SingleToInt32Bits(values[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)), $"element {i}");
        }
    }

    [Test]
    public void DisposingStorageFreesItsBuffer()
    {
        var storage = (IlgpuStorage)_backend.Allocate(16);
        Assert.That(storage.Capacity, Is.EqualTo(16));
        storage.Dispose();
        Assert.That(storage.Buffer.IsDisposed, Is.True);
        Assert.That(((IlgpuStorage)_backend.Allocate(0)).Capacity, Is.Zero);
    }

    [Test]
    public void ASmallerTensorOnALargerStorageTouchesOnlyItsElements()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], new Shape(5), _backend);
        var y = Tensor.Full(new Shape(5), 9f, _backend);
        var head = Tensor.FromArray([1f, 1f], new Shape(2), _backend);
        _backend.Axpby(2f, x, 0f, head);
        Assert.That(head.ToArray(), Is.EqualTo(new[] { 2f, 4f }));
        Assert.That(y.ToArray(), Is.EqualTo(new[] { 9f, 9f, 9f, 9f, 9f }));
    }

    [Test]
    public void LongKOverFewTilesSplitsKIntoWholeStepsThatCoverIt()
    {
        // A 128 x 128-tile device with 132 multiprocessors (264 groups wanted), k-step 8.
        // The first conv of W3's weight gradient: 8 x 9 outputs (one tile) over 50,176 positions.
        var (splits, perSplit) = IlgpuBackend.SplitK(tiles: 1, outputs: 72, k: 50176, tileK: 8, groupsWanted: 264);
        Assert.That(splits, Is.InRange(2, 256));
        Assert.That(perSplit % 8, Is.Zero, "slices are whole k-steps");
        Assert.That((splits - 1) * perSplit, Is.LessThan(50176), "every slice has work");
        Assert.That(splits * perSplit, Is.GreaterThanOrEqualTo(50176), "the slices cover K");

        Assert.That(IlgpuBackend.SplitK(tiles: 1024, outputs: 1 << 24, k: 4096, tileK: 8, groupsWanted: 264).Splits, Is.EqualTo(1), "a full grid does not split");
        Assert.That(IlgpuBackend.SplitK(tiles: 1, outputs: 72, k: 100, tileK: 8, groupsWanted: 264).Splits, Is.EqualTo(1), "a short K does not split");
        var (wide, _) = IlgpuBackend.SplitK(tiles: 2, outputs: 3 << 20, k: 1 << 20, tileK: 8, groupsWanted: 264);
        Assert.That(wide * (3 << 20), Is.LessThanOrEqualTo(1 << 22), "the workspace stays bounded");
    }

    [Test]
    public void TransfersGoThroughOneStagingBufferAndAllocateNothingOnceItFits()
    {
        var small = Enumerable.Range(0, 10).Select(i => i * 0.5f).ToArray();
        var large = Enumerable.Range(0, 5000).Select(i => MathF.Sin(i)).ToArray(); // grows the staging buffer
        var ts = Tensor.Zeros(new Shape(small.Length), _backend);
        var tl = Tensor.Zeros(new Shape(large.Length), _backend);
        var back = new float[large.Length];
        _backend.Upload(small, ts);
        _backend.Upload(large, tl);
        _backend.Download(ts, back.AsSpan(0, small.Length));
        Assert.That(back[..small.Length], Is.EqualTo(small));
        _backend.Download(tl, back);
        Assert.That(back, Is.EqualTo(large));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            _backend.Upload(large, tl);
            _backend.Download(ts, back.AsSpan(0, 1));
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by 10 uploads and downloads");
    }
}
