using Myelin.Backends;
using Myelin.Data;
using NUnit.Framework;

namespace Myelin.Tests.Core.Data;

public class DataLoaderTests
{
    /// <summary>Sample i is (i, −i) with target i, so every batch row says which sample it holds.</summary>
    private static Dataset Numbered(int count)
    {
        var x = new float[count * 2];
        var y = new float[count];
        for (var i = 0; i < count; i++) { x[2 * i] = i; x[2 * i + 1] = -i; y[i] = i; }
        return new Dataset(x, new Shape(2), y, new Shape(1), "numbered");
    }

    /// <summary>Drains one epoch: the sample ids of each batch, checking inputs and targets agree.</summary>
    private static List<int[]> Epoch(DataLoader loader)
    {
        var batches = new List<int[]>();
        while (loader.Next())
        {
            var x = loader.X.ToArray();
            var y = loader.Y.ToArray();
            var n = loader.X.Shape[0];
            Assert.That(loader.Y.Shape, Is.EqualTo(new Shape(n)), "class-index targets are a vector (B)");
            Assert.That(x, Has.Length.EqualTo(2 * n));
            var ids = new int[n];
            for (var r = 0; r < n; r++)
            {
                ids[r] = (int)x[2 * r];
                Assert.That(x[2 * r + 1], Is.EqualTo(-x[2 * r]), $"row {r} mixes two samples");
                Assert.That(y[r], Is.EqualTo(x[2 * r]), $"row {r}: target does not belong to its input");
            }
            batches.Add(ids);
        }
        return batches;
    }

    [Test]
    public void BatchSizesIncludeTheLastPartialBatch()
    {
        var loader = new DataLoader(Numbered(10), 4, seed: 1);
        Assert.That(loader.BatchesPerEpoch, Is.EqualTo(3));
        Assert.That(Epoch(loader).Select(b => b.Length), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(loader.Next(), Is.False, "Next after the end of the epoch");
    }

    [Test]
    public void DropLastSkipsThePartialBatch()
    {
        var loader = new DataLoader(Numbered(10), 4, seed: 1, dropLast: true);
        Assert.That(loader.BatchesPerEpoch, Is.EqualTo(2));
        Assert.That(Epoch(loader).Select(b => b.Length), Is.EqualTo(new[] { 4, 4 }));
    }

    [Test]
    public void DropLastKeepsAnExactLastBatch()
    {
        var loader = new DataLoader(Numbered(12), 4, seed: 1, dropLast: true);
        Assert.That(Epoch(loader).Select(b => b.Length), Is.EqualTo(new[] { 4, 4, 4 }));
    }

    [Test]
    public void BatchLargerThanTheDatasetIsTheWholeDataset()
    {
        var loader = new DataLoader(Numbered(5), int.MaxValue, seed: 1);
        Assert.That(loader.BatchSize, Is.EqualTo(5));
        Assert.That(Epoch(loader).Select(b => b.Length), Is.EqualTo(new[] { 5 }));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(50)]
    public void EveryEpochCoversEverySampleExactlyOnce(int batch)
    {
        var loader = new DataLoader(Numbered(23), batch, seed: 4);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            loader.StartEpoch();
            var ids = Epoch(loader).SelectMany(b => b).Order();
            Assert.That(ids, Is.EqualTo(Enumerable.Range(0, 23)), $"epoch {epoch}, batch {batch}");
        }
    }

    [Test]
    public void ShuffleIsDeterministicPerSeed()
    {
        var a = Epoch(new DataLoader(Numbered(30), 8, seed: 7)).SelectMany(b => b).ToArray();
        var b = Epoch(new DataLoader(Numbered(30), 8, seed: 7)).SelectMany(b => b).ToArray();
        var c = Epoch(new DataLoader(Numbered(30), 8, seed: 8)).SelectMany(b => b).ToArray();
        Assert.That(b, Is.EqualTo(a), "same seed, same order");
        Assert.That(c, Is.Not.EqualTo(a), "seeds 7 and 8 gave the same order");
        Assert.That(a, Is.Not.EqualTo(Enumerable.Range(0, 30)), "seeded loader did not shuffle");
    }

    [Test]
    public void ShuffleDiffersAcrossEpochs()
    {
        var loader = new DataLoader(Numbered(30), 8, seed: 7);
        var first = Epoch(loader).SelectMany(b => b).ToArray();
        loader.StartEpoch();
        var second = Epoch(loader).SelectMany(b => b).ToArray();
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void NullSeedKeepsTheDatasetOrder()
    {
        var loader = new DataLoader(Numbered(9), 4, seed: null);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            loader.StartEpoch();
            Assert.That(Epoch(loader).SelectMany(b => b), Is.EqualTo(Enumerable.Range(0, 9)));
        }
    }

    [Test]
    public void MultiValueTargetsKeepTheirShape()
    {
        var data = new Dataset(new float[12], new Shape(1, 2, 2), new float[9], new Shape(3), "multi");
        var loader = new DataLoader(data, 2, seed: null);
        Assert.That(loader.Next(), Is.True);
        Assert.That(loader.X.Shape, Is.EqualTo(new Shape(2, 1, 2, 2)));
        Assert.That(loader.Y.Shape, Is.EqualTo(new Shape(2, 3)));
        Assert.That(loader.Next(), Is.True);
        Assert.That(loader.X.Shape, Is.EqualTo(new Shape(1, 1, 2, 2)), "last partial batch");
        Assert.That(loader.Y.Shape, Is.EqualTo(new Shape(1, 3)));
    }

    [Test]
    public void UploadsToTheRequestedBackend()
    {
        var loader = new DataLoader(Numbered(4), 2, backend: ReferenceBackend.Instance);
        Assert.That(loader.X.Backend, Is.SameAs(ReferenceBackend.Instance));
        Assert.That(loader.Y.Backend, Is.SameAs(ReferenceBackend.Instance));
    }

    /// <summary>
    /// MNIST-sized rows on the CPU backend take its threaded gather (on a machine with two or more
    /// cores): the batches equal the reference backend's, which copies row by row, and allocate nothing.
    /// </summary>
    [Test]
    public void LargeRowsGatherAcrossThreadsIntoTheSameBatches()
    {
        const int count = 300, length = 784;
        var x = new float[count * length];
        for (var i = 0; i < x.Length; i++) x[i] = i % 9973 * 0.25f - i / length;
        var y = new float[count];
        for (var i = 0; i < count; i++) y[i] = i % 10;
        var data = new Dataset(x, new Shape(length), y, new Shape(1), "rows");
        var cpu = new CpuBackend(threads: 2);
        var threaded = new DataLoader(data, 64, seed: 5, backend: cpu);
        var reference = new DataLoader(data, 64, seed: 5, backend: ReferenceBackend.Instance);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var batches = 0;
            while (threaded.Next())
            {
                Assert.That(reference.Next(), Is.True);
                Assert.That(threaded.X.ToArray(), Is.EqualTo(reference.X.ToArray()), $"epoch {epoch}, batch {batches}: inputs");
                Assert.That(threaded.Y.ToArray(), Is.EqualTo(reference.Y.ToArray()), $"epoch {epoch}, batch {batches}: targets");
                batches++;
            }
            Assert.That(reference.Next(), Is.False);
            Assert.That(batches, Is.EqualTo(5));
            threaded.StartEpoch(); reference.StartEpoch();
        }
        var bytes = Myelin.Tests.Core.AllocationProbe.FewestBytes(() =>
        {
            if (!threaded.Next()) { threaded.StartEpoch(); threaded.Next(); }
        }, warmUp: 1, perRound: 5);
        Assert.That(bytes, Is.Zero, "bytes allocated by the threaded gather");
    }

    [Test]
    public void GatherRowsNamesAnIndexOutsideTheSource()
    {
        var cpu = new CpuBackend(threads: 2);
        var destination = Tensor.Zeros(new Shape(2, 3), cpu);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cpu.GatherRows(new float[12], 3, [0, 1, 4, 2], 1, 2, destination));
        Assert.That(e!.Message, Does.Contain("indices[2] = 4").And.Contain("4 rows"));
        Assert.Throws<ArgumentException>(() => cpu.GatherRows(new float[12], 3, [0, 1], 0, 3, destination));
    }

    [Test]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Numbered(4), 0));
        var empty = new Dataset([], new Shape(2), [], new Shape(1), "nothing");
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(empty, 4));
        Assert.That(e!.Message, Does.Contain("'nothing'").And.Contain("empty"));
    }

    [Test]
    public void NextAllocatesNothingAfterWarmUpAcrossPartialBatchesAndEpochs()
    {
        var loader = new DataLoader(Numbered(10), 4, seed: 3);
        while (loader.Next()) { }
        loader.StartEpoch();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            while (loader.Next()) { }
            loader.StartEpoch();
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by Next/StartEpoch");
    }
}
