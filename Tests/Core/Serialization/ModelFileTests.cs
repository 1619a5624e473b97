using System.Buffers.Binary;
using System.Text;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Serialization;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Serialization;

/// <summary>Model files: bit-exact round trips, every kind of damage, and atomic saves.</summary>
public class ModelFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "myelin-modelfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static Model Mlp(ulong seed = 5) =>
        new Model(new Sequential(new Dense(4, 8), new Tanh(), new Dense(8, 3)), new Shape(4), seed)
            .Compile(p => new Adam(p, 0.01f), new SoftmaxCrossEntropy());

    private static Model Cnn(ulong seed = 5) =>
        new Model(new Sequential(
                new Conv2D(1, 4, 3, padding: 1), new BatchNorm(4), new Relu(), new MaxPool2D(2),
                new Dropout(0.25f), new Flatten(), new Dense(4 * 4 * 4, 3)),
            new Shape(1, 8, 8), seed)
            .Compile(p => new Adam(p, 0.01f), new SoftmaxCrossEntropy());

    /// <summary>A few training steps so weights and batch-norm statistics are not their initial values.</summary>
    private static Tensor TrainALittle(Model model)
    {
        var rng = new Rng(11);
        var x = Tensor.RandomNormal(new Shape([8, .. Dims(model.SampleShape)]), rng);
        var y = Tensor.FromArray([0, 1, 2, 0, 1, 2, 0, 1], new Shape(8));
        for (var i = 0; i < 3; i++) model.TrainStep(x, y);
        return x;
    }

    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData((Func<Model>)(() => Mlp())).SetArgDisplayNames("mlp");
        yield return new TestCaseData((Func<Model>)(() => Cnn())).SetArgDisplayNames("cnn");
    }

    [TestCaseSource(nameof(Models))]
    public void RoundTripIsBitExact(Func<Model> make)
    {
        var model = make();
        var x = TrainALittle(model);
        var path = PathOf("model.myelin");
        model.Save(path);

        var loaded = Model.Load(path);

        Assert.That(Describe(loaded.Network.Spec), Is.EqualTo(Describe(model.Network.Spec)), "architecture rebuilt by LayerRegistry");
        Assert.That(loaded.SampleShape, Is.EqualTo(model.SampleShape));
        Assert.That(loaded.Seed, Is.EqualTo(model.Seed));
        var saved = model.Network.State();
        var restored = loaded.Network.State();
        Assert.That(restored.Select(t => t.Name), Is.EqualTo(saved.Select(t => t.Name)), "tensor names and order");
        for (var i = 0; i < saved.Count; i++)
        {
            Assert.That(restored[i].Shape, Is.EqualTo(saved[i].Shape), saved[i].Name);
            Assert.That(Bits(restored[i]), Is.EqualTo(Bits(saved[i])), $"tensor '{saved[i].Name}' differs after loading");
        }
        if (model.Network.Children.OfType<BatchNorm>().FirstOrDefault() is { } bn)
        {
            // The buffers must have moved away from their initial 0/1, or the comparison above proves nothing.
            Assert.That(bn.RunningMean.ToArray(), Has.Some.Not.EqualTo(0f), "running mean was never updated");
            Assert.That(bn.RunningVar.ToArray(), Has.Some.Not.EqualTo(1f), "running variance was never updated");
        }
        var expected = Bits(model.Predict(x));
        Assert.That(Bits(loaded.Predict(x)), Is.EqualTo(expected), "predictions of the loaded model");
    }

    [Test]
    public void SavingTwiceWritesIdenticalBytes()
    {
        var model = Mlp();
        TrainALittle(model);
        model.Save(PathOf("a.myelin"));
        Model.Load(PathOf("a.myelin")).Save(PathOf("b.myelin"));
        Assert.That(File.ReadAllBytes(PathOf("b.myelin")), Is.EqualTo(File.ReadAllBytes(PathOf("a.myelin"))));
    }

    // ---------------------------------------------------------------- damaged files

    private byte[] SavedMlp(out string path)
    {
        path = PathOf("model.myelin");
        Mlp().Save(path);
        return File.ReadAllBytes(path);
    }

    private static ModelFormatException LoadFails(string path)
    {
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.Contain(path), "the message names the file");
        return e;
    }

    [Test]
    public void BadMagicIsRejected()
    {
        var bytes = SavedMlp(out var path);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(path, bytes);
        Assert.That(LoadFails(path).Message, Does.Contain("not a Myelin model file").And.Contain("magic"));
    }

    [Test]
    public void OtherFormatVersionIsRejected()
    {
        var bytes = SavedMlp(out var path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), ModelFile.Version + 1);
        File.WriteAllBytes(path, bytes);
        Assert.That(LoadFails(path).Message, Does.Contain($"version {ModelFile.Version + 1}").And.Contain($"reads version {ModelFile.Version}"));
    }

    [Test]
    public void EveryFlippedByteFailsTheChecksum()
    {
        var original = SavedMlp(out var path);
        // Past magic and version (those have their own messages): the architecture, a name, weights, the CRC itself.
        int[] offsets = [12, 20, original.Length / 2, original.Length - 10, original.Length - 1];
        foreach (var offset in offsets)
        {
            var bytes = (byte[])original.Clone();
            bytes[offset] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            Assert.That(LoadFails(path).Message, Does.Contain("checksum"), $"flipped byte at offset {offset}");
        }
    }

    [Test]
    public void TruncatedFilesAreRejectedAtEveryLength()
    {
        var original = SavedMlp(out var path);
        int[] lengths = [1, 5, 8, 10, 12, 14, 16, 30, original.Length / 2, original.Length - 4, original.Length - 1];
        foreach (var length in lengths)
        {
            File.WriteAllBytes(path, original[..length]);
            Assert.That(LoadFails(path).Message, Does.Contain("truncated"), $"file cut to {length} of {original.Length} bytes");
        }
    }

    [Test]
    public void EmptyFileIsRejected()
    {
        var path = PathOf("empty.myelin");
        File.WriteAllBytes(path, []);
        Assert.That(LoadFails(path).Message, Does.Contain("empty"));
    }

    [Test]
    public void MissingFileIsRejected()
    {
        var path = PathOf("nowhere.myelin");
        Assert.That(LoadFails(path).Message, Does.Contain("Cannot read model file"));
    }

    /// <summary>A model file written by hand, with a valid checksum.</summary>
    private static byte[] HandWritten(string architectureJson, uint tensorCount = 0, byte[]? tensors = null)
    {
        using var s = new MemoryStream();
        s.Write("MYELINMD"u8);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u32, ModelFile.Version); s.Write(u32);
        var json = Encoding.UTF8.GetBytes(architectureJson);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)json.Length); s.Write(u32);
        s.Write(json);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, tensorCount); s.Write(u32);
        s.Write(tensors ?? []);
        var crc = Crc32.Append(0, s.GetBuffer().AsSpan(0, (int)s.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(u32, crc); s.Write(u32);
        return s.ToArray();
    }

    private const string EmptySequential = """{"sampleShape":[2],"seed":0,"network":{"type":"Sequential","args":{"name":"sequential"},"children":[]}}""";

    [Test]
    public void HandWrittenFileLoads()
    {
        // The writer above is right, so the failures below are caused by what they change.
        var path = PathOf("hand.myelin");
        File.WriteAllBytes(path, HandWritten(EmptySequential));
        var model = Model.Load(path);
        Assert.That(model.SampleShape, Is.EqualTo(new Shape(2)));
        Assert.That(model.Parameters, Is.Empty);
    }

    [Test]
    public void UnknownLayerTypeIsNamed()
    {
        var path = PathOf("unknown.myelin");
        File.WriteAllBytes(path, HandWritten(
            """{"sampleShape":[2],"seed":0,"network":{"type":"Sequential","args":{"name":"sequential"},"children":[{"type":"Quantum","args":{},"children":[]}]}}"""));
        Assert.That(LoadFails(path).Message, Does.Contain("Unknown layer type 'Quantum'"));
    }

    [Test]
    public void MalformedLayerArgumentIsNamed()
    {
        var path = PathOf("badarg.myelin");
        File.WriteAllBytes(path, HandWritten(
            """{"sampleShape":[2],"seed":0,"network":{"type":"Flatten","args":{},"children":[]}}"""));
        Assert.That(LoadFails(path).Message, Does.Contain("Flatten").And.Contain("missing argument 'name'"));
    }

    [Test]
    public void MalformedJsonIsRejected()
    {
        var path = PathOf("json.myelin");
        File.WriteAllBytes(path, HandWritten("""{"sampleShape":[2],"""));
        Assert.That(LoadFails(path).Message, Does.Contain("malformed"));
    }

    [Test]
    public void ArchitectureThatDoesNotFitItsSampleShapeIsRejected()
    {
        var path = PathOf("misfit.myelin");
        var model = new Model(new Sequential(new Dense(3, 2)), new Shape(3));
        model.Save(path);
        var spec = model.Network.Spec;
        // Same network, but the file claims samples of shape (5).
        var json = Encoding.UTF8.GetString(File.ReadAllBytes(path).AsSpan(16, (int)BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(path).AsSpan(12))));
        Assert.That(json, Does.StartWith("""{"sampleShape":[3]"""), spec.Type);
        // The same tensors too, so only the sample shape is wrong.
        var saved = File.ReadAllBytes(path);
        var tensorsAt = 16 + json.Length;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(saved.AsSpan(tensorsAt));
        File.WriteAllBytes(path, HandWritten(json.Replace("\"sampleShape\":[3]", "\"sampleShape\":[5]"), count, saved[(tensorsAt + 4)..^4]));
        Assert.That(LoadFails(path).Message, Does.Contain("dense1").And.Contain("(N, 3)").And.Contain("(1, 5)"));
    }

    [Test]
    public void TensorCountBeyondTheFileIsRejected()
    {
        var path = PathOf("count.myelin");
        File.WriteAllBytes(path, HandWritten(EmptySequential, tensorCount: int.MaxValue));
        Assert.That(LoadFails(path).Message, Does.Contain("malformed").Or.Contain("truncated"));
    }

    [Test]
    public void LoadWeightsWithAnotherShapeNamesTheTensor()
    {
        var path = PathOf("wide.myelin");
        new Model(new Sequential(new Dense(4, 8), new Tanh(), new Dense(8, 3)), new Shape(4)).Save(path);
        var narrow = new Model(new Sequential(new Dense(4, 6), new Tanh(), new Dense(6, 3)), new Shape(4), seed: 9);
        var before = narrow.Network.State().Select(Bits).ToArray();

        var e = Assert.Throws<ModelFormatException>(() => narrow.LoadWeights(path));

        Assert.That(e!.Message, Does.Contain("'dense1.weight'").And.Contain("(4, 8)").And.Contain("(4, 6)").And.Contain(path));
        Assert.That(narrow.Network.State().Select(Bits).ToArray(), Is.EqualTo(before), "a failed LoadWeights changed the model");
    }

    [Test]
    public void LoadWeightsWithAMissingTensorNamesIt()
    {
        var path = PathOf("nobias.myelin");
        new Model(new Sequential(new Dense(4, 3, bias: false)), new Shape(4)).Save(path);
        var model = new Model(new Sequential(new Dense(4, 3)), new Shape(4));
        var e = Assert.Throws<ModelFormatException>(() => model.LoadWeights(path));
        Assert.That(e!.Message, Does.Contain("no tensor 'dense1.bias'"));
    }

    [Test]
    public void LoadWeightsCopiesEveryTensor()
    {
        var path = PathOf("weights.myelin");
        var source = Mlp(seed: 1);
        TrainALittle(source);
        source.Save(path);
        var target = Mlp(seed: 2);
        Assert.That(Bits(target.Parameters[0]), Is.Not.EqualTo(Bits(source.Parameters[0])), "seeds 1 and 2 gave the same weights");
        target.LoadWeights(path);
        Assert.That(target.Network.State().Select(Bits), Is.EqualTo(source.Network.State().Select(Bits)));
    }

    // ---------------------------------------------------------------- atomic saves

    [Test]
    public void SaveLeavesNoTemporaryFiles()
    {
        var path = PathOf("model.myelin");
        Cnn().Save(path);
        Cnn(seed: 6).Save(path); // overwrite
        Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "model.myelin" }));
    }

    [Test]
    public void FailedSerialisationKeepsTheOldFile()
    {
        var bytes = SavedMlp(out var path);
        var model = Mlp(seed: 8);
        var unnamed = Tensor.Zeros(new Shape(2));
        // The first tensor serialises, the second has no name: the save fails half-way through.
        var tensors = new[] { model.Parameters[0], unnamed };

        var e = Assert.Throws<ArgumentException>(() => ModelFile.Write(path, model.Network.Spec, model.SampleShape, model.Seed, tensors));

        Assert.That(e!.Message, Does.Contain("name"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "the existing model file changed");
        Assert.That(Directory.GetFileSystemEntries(_dir), Has.Length.EqualTo(1), "temporary files left behind");
    }

    [Test]
    public void FailedRenameKeepsTheTargetAndLeavesNoTemporaryFile()
    {
        // The target is a directory: the temporary file is written, then the rename over it fails.
        var target = PathOf("model.myelin");
        Directory.CreateDirectory(target);
        var marker = Path.Combine(target, "keep.txt");
        File.WriteAllText(marker, "still here");

        Assert.Catch<Exception>(() => Mlp().Save(target));

        Assert.That(File.ReadAllText(marker), Is.EqualTo("still here"));
        Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "model.myelin" }), "temporary files left behind");
    }

    [Test]
    public void SaveIntoAPathThroughAFileFails()
    {
        var bytes = SavedMlp(out var path);
        Assert.Catch<IOException>(() => Mlp(seed: 8).Save(Path.Combine(path, "inner.myelin")));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "the file standing in for the directory changed");
        Assert.That(Directory.GetFileSystemEntries(_dir), Has.Length.EqualTo(1));
    }

    // ---------------------------------------------------------------- helpers

    private static int[] Dims(in Shape s)
    {
        var d = new int[s.Rank];
        s.CopyTo(d);
        return d;
    }

    private static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];

    /// <summary>A spec as text: type, sorted arguments, children (records compare dictionaries by reference).</summary>
    private static string Describe(LayerSpec spec) =>
        spec.Type + "{" + string.Join(",", spec.Args.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + "}"
        + "[" + string.Join(";", spec.Children.Select(Describe)) + "]";
}
