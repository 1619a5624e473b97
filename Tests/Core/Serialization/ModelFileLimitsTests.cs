using System.Buffers.Binary;
using System.Text;
using Myelin.Nn;
using Myelin.Serialization;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Serialization;

/// <summary>Hostile model files: forged sizes, devices, directories, NaN weights, missing keys, control characters.</summary>
public class ModelFileLimitsTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("myelin-limits-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A model file with a valid checksum, the given architecture and tensors (name, shape, values).</summary>
    internal static byte[] Forge(string architectureJson, params (string Name, int[] Dims, float[] Values)[] tensors)
    {
        using var s = new MemoryStream();
        s.Write("MYELINMD"u8);
        var u32 = new byte[4];
        void U32(uint v) { BinaryPrimitives.WriteUInt32LittleEndian(u32, v); s.Write(u32); }
        U32(ModelFile.Version);
        var json = Encoding.UTF8.GetBytes(architectureJson);
        U32((uint)json.Length);
        s.Write(json);
        U32((uint)tensors.Length);
        foreach (var (name, dims, values) in tensors)
        {
            var n = Encoding.UTF8.GetBytes(name);
            s.WriteByte((byte)n.Length); s.WriteByte(0);
            s.Write(n);
            s.WriteByte((byte)dims.Length);
            foreach (var d in dims) U32((uint)d);
            foreach (var v in values) U32(BitConverter.SingleToUInt32Bits(v));
        }
        U32(Crc32.Append(0, s.GetBuffer().AsSpan(0, (int)s.Length)));
        return s.ToArray();
    }

    private static string DenseJson(int inputs, int outputs, string sample = "[4]") =>
        $$$"""{"sampleShape":{{{sample}}},"seed":0,"network":{"type":"Dense","args":{"name":"big","inputs":"{{{inputs}}}","outputs":"{{{outputs}}}","activation":"Identity","bias":"true","init":"GlorotUniform","alpha":"0.01"},"children":[]}}""";

    [Test]
    public void ATinyFileDeclaringHugeLayersIsRefusedBeforeAllocating()
    {
        // The file declared Dense(46000, 46000) (24 GB); 4000² (64 MB) shows the same without risking the machine.
        var path = PathOf("forged.myelin");
        File.WriteAllBytes(path, Forge(DenseJson(4000, 4000, "[4000]")));
        Assert.That(new FileInfo(path).Length, Is.LessThan(400));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(e!.Message, Does.Contain(path).And.Contain("16004000 weights").And.Contain("carries 0"));
        Assert.That(allocated, Is.LessThan(1 << 20), "nothing the size of the declared layer was allocated");
    }

    [Test]
    public void DeclaredSizesMatchWhatTheLayersHold()
    {
        // StateSize is the check's yardstick: it must agree with State() for every built-in layer with weights.
        var network = new Sequential(new Conv2D(2, 3, 3, padding: 1), new BatchNorm(3), new Relu(), new Flatten(),
            new Dense(3 * 5 * 5, 4), new Dense(4, 2, bias: false), new Dropout(0.1f));
        var held = network.State().Sum(t => (long)t.Length);
        Assert.That(LayerRegistry.StateSize(network.Spec), Is.EqualTo(held));
    }

    [Test]
    public void AHugeSampleShapeIsRefused()
    {
        var path = PathOf("sample.myelin");
        File.WriteAllBytes(path, Forge("""{"sampleShape":[3,4096,4096],"seed":0,"network":{"type":"Flatten","args":{"name":"f"},"children":[]}}"""));
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.Contain("(3, 4096, 4096)").And.Contain($"limit is {ModelFile.MaxSampleElements}"));
    }

    [Test]
    public void ShapesWhoseProductWrapsAreRefused()
    {
        // 65536^4 = 2^64 wrapped a long to 0, making a "0-element" tensor with enormous dimensions.
        Assert.Throws<ArgumentException>(() => _ = new Shape(65536, 65536, 65536, 65536));
    }

    [Test]
    public void AnEndlessDeviceFailsFastWithoutReadingIt()
    {
        if (!File.Exists("/dev/zero")) Assert.Ignore("no /dev/zero here");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => Model.Load("/dev/zero"));
        Assert.That(e!.Message, Does.Contain("/dev/zero").And.Contain("not a regular file"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
    }

    [Test]
    public void ADirectoryIsCalledADirectory()
    {
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(_dir));
        Assert.That(e!.Message, Does.Contain(_dir).And.Contain("is a directory"));
    }

    private static Model Small() => new(new Sequential(new Dense(2, 3), new Dense(3, 1, name: "head")), new Shape(2));

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    [TestCase(float.NegativeInfinity)]
    public void NonFiniteWeightsAreRefusedAtLoadNamingTheTensor(float bad)
    {
        var model = Small();
        model.Network.State()[2].Span[1] = bad; // head.weight
        var path = PathOf("nan.myelin");
        model.Save(path, allowNonFinite: true);

        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain(model.Network.State()[2].Name!).And.Contain("index 1").And.Contain("allowNonFinite"));
        Assert.Throws<ModelFormatException>(() => Small().LoadWeights(path));

        var loaded = Model.Load(path, allowNonFinite: true);
        Assert.That(loaded.Network.State()[2].ToArray()[1], Is.EqualTo(bad), "the opt-out loads the file as it is");
    }

    [Test]
    public void SaveRefusesNonFiniteWeightsAndKeepsTheOldFile()
    {
        var model = Small();
        var path = PathOf("model.myelin");
        model.Save(path);
        var good = File.ReadAllBytes(path);
        model.Network.State()[0].Span[0] = float.NaN;

        var e = Assert.Throws<InvalidOperationException>(() => model.Save(path));

        Assert.That(e!.Message, Does.Contain(model.Network.State()[0].Name!).And.Contain("NaN").And.Contain("diverged"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(good), "the last good model survives");
    }

    [TestCase("""{"seed":0,"network":{"type":"Flatten","args":{"name":"f"},"children":[]}}""", "\"sampleShape\"", "the architecture")]
    [TestCase("""{"sampleShape":[2],"seed":0,"network":{"type":"Sequential","args":{"name":"s"},"children":[{"type":"Flatten","children":[]}]}}""", "\"args\"", "layer 1 ('Flatten')")]
    [TestCase("""{"sampleShape":[2],"seed":0,"network":{"args":{},"children":[]}}""", "\"type\"", "layer 0")]
    [TestCase("""{"sampleShape":[2],"seed":0,"network":{"type":"Flatten","args":{"name":3},"children":[]}}""", "'name'", "layer 0 ('Flatten')")]
    public void AMissingOrMistypedKeyIsNamedWithItsLayer(string json, string key, string where)
    {
        var path = PathOf("keys.myelin");
        File.WriteAllBytes(path, Forge(json));
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.Contain(key).And.Contain(where).And.Not.Contain("given key was not present"));
    }

    [Test]
    public void ControlCharactersFromTheFileAreEscaped()
    {
        var path = PathOf("esc.myelin");
        File.WriteAllBytes(path, Forge("""{"sampleShape":[2],"seed":0,"network":{"type":"\u001B]0;pwned\u0007\u001B[2J","args":{},"children":[]}}"""));
        var e = Assert.Throws<ModelFormatException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.Contain("\\x1B]0;pwned\\x07\\x1B[2J"));
        Assert.That(e.Message.Any(char.IsControl), Is.False);
    }
}
