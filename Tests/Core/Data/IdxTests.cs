using System.IO.Compression;
using Myelin.Data;
using NUnit.Framework;

namespace Myelin.Tests.Core.Data;

/// <summary>IDX (MNIST) files: round trips, gzip, and malformed files with messages that name the file and the problem.</summary>
public class IdxTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "myelin-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] Pixels(int count, int rows, int cols)
    {
        var p = new byte[count * rows * cols];
        for (var i = 0; i < p.Length; i++) p[i] = (byte)(i * 37 + 11);
        return p;
    }

    [TestCase("images.idx")]
    [TestCase("images.idx.gz")]
    public void ImagesRoundTrip(string name)
    {
        var path = PathOf(name);
        var pixels = Pixels(3, 4, 5);
        Idx.WriteImages(path, pixels, 3, 4, 5);
        var (read, count, rows, cols) = Idx.ReadImages(path);
        Assert.That((count, rows, cols), Is.EqualTo((3, 4, 5)));
        Assert.That(read, Is.EqualTo(pixels));
    }

    [TestCase("labels.idx")]
    [TestCase("labels.idx.gz")]
    public void LabelsRoundTrip(string name)
    {
        var path = PathOf(name);
        byte[] labels = [7, 0, 9, 3, 3];
        Idx.WriteLabels(path, labels);
        Assert.That(Idx.ReadLabels(path), Is.EqualTo(labels));
    }

    [Test]
    public void GzPathIsCompressedAndPlainPathIsRaw()
    {
        Idx.WriteLabels(PathOf("a.gz"), [1, 2, 3]);
        Idx.WriteLabels(PathOf("a.idx"), [1, 2, 3]);
        var gz = File.ReadAllBytes(PathOf("a.gz"));
        Assert.That(gz[..2], Is.EqualTo(new byte[] { 0x1F, 0x8B }), "gzip magic");
        Assert.That(File.ReadAllBytes(PathOf("a.idx")), Is.EqualTo(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3 }), "big-endian header then payload");
    }

    [Test]
    public void GzipInputIsDetectedByContentNotName()
    {
        // A gzip stream under a plain name (as some mirrors serve MNIST) still reads.
        var raw = new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 4, 5 };
        using (var f = File.Create(PathOf("labels.bin")))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
            gz.Write(raw);
        Assert.That(Idx.ReadLabels(PathOf("labels.bin")), Is.EqualTo(new byte[] { 4, 5 }));
    }

    [Test]
    public void LoadDatasetScalesPixelsAndKeepsLabels()
    {
        var pixels = Pixels(2, 3, 3);
        Idx.WriteImages(PathOf("x.gz"), pixels, 2, 3, 3);
        Idx.WriteLabels(PathOf("y.gz"), [4, 8]);
        var data = Idx.LoadDataset(PathOf("x.gz"), PathOf("y.gz"), "tiny");
        Assert.That(data.Name, Is.EqualTo("tiny"));
        Assert.That(data.Count, Is.EqualTo(2));
        Assert.That(data.SampleShape, Is.EqualTo(new Shape(1, 3, 3)));
        Assert.That(data.TargetShape, Is.EqualTo(new Shape(1)));
        Assert.That(data.Inputs, Is.EqualTo(pixels.Select(p => p / 255f).ToArray()));
        Assert.That(data.Targets, Is.EqualTo(new float[] { 4, 8 }));
    }

    [Test]
    public void CommittedMnistSampleLoads()
    {
        var dir = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "mnist-sample");
        var test = Idx.LoadDataset(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), "mnist-test");
        Assert.That(test.Count, Is.EqualTo(600));
        Assert.That(test.SampleShape, Is.EqualTo(new Shape(1, 28, 28)));
        Assert.That(test.Targets.Distinct().Order(), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (float)i)), "all ten digits present");
        Assert.That(test.Inputs.Max(), Is.EqualTo(1f));
    }

    // ---------------------------------------------------------------- malformed files

    private InvalidDataException Fails(string name, byte[] bytes, Action<string> read)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => read(path));
        Assert.That(e!.Message, Does.Contain(path), "the message names the file");
        return e;
    }

    [Test]
    public void WrongMagicIsNamed()
    {
        var e = Fails("bad.idx", [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("wrong magic").And.Contain("12340801").And.Contain("00000801"));
    }

    [Test]
    public void LabelsFileReadAsImagesIsNamed()
    {
        var e = Fails("labels.idx", [0, 0, 0x08, 0x01, 0, 0, 0, 1, 5], p => Idx.ReadImages(p));
        Assert.That(e.Message, Does.Contain("1 dimensions").And.Contain("expected 3"));
    }

    [Test]
    public void UnsupportedElementTypeIsNamed()
    {
        // 0x0D = float32 elements.
        var e = Fails("floats.idx", [0, 0, 0x0D, 0x01, 0, 0, 0, 1, 0, 0, 0, 0], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("unsupported element type 0x0D"));
    }

    [Test]
    public void TooShortForAHeaderIsTruncated()
    {
        var e = Fails("short.idx", [0, 0], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("truncated"));
        e = Fails("shortdims.idx", [0, 0, 0x08, 0x03, 0, 0, 0, 1, 0, 0], p => Idx.ReadImages(p));
        Assert.That(e.Message, Does.Contain("truncated").And.Contain("header needs 16 bytes"));
    }

    [Test]
    public void MissingDataBytesAreTruncated()
    {
        var e = Fails("cut.idx", [0, 0, 0x08, 0x01, 0, 0, 0, 5, 1, 2, 3], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("truncated").And.Contain("promises 5 data bytes").And.Contain("has 3"));
    }

    [Test]
    public void ExtraDataBytesAreNamed()
    {
        var e = Fails("long.idx", [0, 0, 0x08, 0x01, 0, 0, 0, 1, 1, 2, 3], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("2 bytes after the 1 data bytes"));
    }

    [Test]
    public void BrokenGzipIsNamed()
    {
        var e = Fails("broken.gz", [0x1F, 0x8B, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], p => Idx.ReadLabels(p));
        Assert.That(e.Message, Does.Contain("does not decompress"));
    }

    [Test]
    public void ImageAndLabelCountMismatchNamesBothFiles()
    {
        Idx.WriteImages(PathOf("x.idx"), Pixels(3, 2, 2), 3, 2, 2);
        Idx.WriteLabels(PathOf("y.idx"), [1, 2]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.LoadDataset(PathOf("x.idx"), PathOf("y.idx"), "bad"));
        Assert.That(e!.Message, Does.Contain(PathOf("x.idx")).And.Contain(PathOf("y.idx")).And.Contain("3 images").And.Contain("2 labels"));
    }

    [Test]
    public void MissingFileNamesThePath()
    {
        var e = Assert.Catch<IOException>(() => Idx.ReadLabels(PathOf("absent.idx")));
        Assert.That(e!.Message, Does.Contain("absent.idx"));
    }

    [Test]
    public void WriteImagesRejectsAPixelCountThatIsNotTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Idx.WriteImages(PathOf("x.idx"), new byte[10], 3, 2, 2));
        Assert.That(e!.Message, Does.Contain("10 pixels").And.Contain("3 images of 2x2"));
        Assert.That(File.Exists(PathOf("x.idx")), Is.False);
    }

    [Test]
    public void AGzipBombIsDecompressedOnlyAsFarAsItsHeaderDeclares()
    {
        // 10 labels declared, then 64 MiB of zeros that gzip packs into about 64 KB.
        var path = PathOf("bomb.idx.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gz.Write([0, 0, 0x08, 0x01, 0, 0, 0, 10]);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) gz.Write(zeros);
        }
        Assert.That(new FileInfo(path).Length, Is.LessThan(1 << 20));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("after the 10 data bytes"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(4 << 20), "the 64 MiB were never decompressed");
    }

    [Test]
    public void AGzipHeaderDeclaringMoreThanTheLimitIsRefused()
    {
        var path = PathOf("huge.idx.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gz.Write([0, 0, 0x08, 0x03, 0, 1, 0, 0, 0, 0, 0x40, 0, 0, 0, 0x40, 0]); // 65536 × 16384 × 16384
        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain($"limit is {Idx.MaxBytes}"));
    }

    [Test]
    public void ADirectoryIsCalledADirectory()
    {
        var e = Assert.Throws<IOException>(() => Idx.ReadImages(_dir));
        Assert.That(e!.Message, Does.Contain(_dir).And.Contain("is a directory"));
    }
}
