using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Demos.Detection;
using Myelin.Demos.Detection.Sources;
using Myelin.Demos.Digits;
using Myelin.Editor.Imaging;
using Myelin.Graphics.App;
using Myelin.Nn;
using Myelin.Serialization;
using Myelin.Training;
using StbImageWriteSharp;

namespace Myelin.Tests.Fuzz;

/// <summary>Every parser a user can feed, with a corpus of valid files for each.</summary>
public static class FuzzTargets
{
    /// <summary>The targets by name.</summary>
    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        new("model", ModelCorpus, p => Model.Load(p), [typeof(ModelFormatException)], Fixup: FixModelChecksum),
        new("detector", dir => [Committed("detect", "detect128.myelin")], p => Detector.Load(p), [typeof(ModelFormatException)], Fixup: FixModelChecksum),
        new("digitmodel", dir => [Committed("digits", "digits-model.myelin")], p => DigitModel.Load(p), [typeof(ModelFormatException)], Fixup: FixModelChecksum),
        new("idx", IdxCorpus, ReadIdx, [typeof(InvalidDataException)]),
        new("image", ImageCorpus, p => ImageFile.ReadRgba(p), [typeof(InvalidDataException)]),
        new("labels", LabelsCorpus, p => LabelsFile.Read(p), [typeof(InvalidDataException)], Text: true),
        new("script", ScriptCorpus, p => InputScript.Load(p), [typeof(ScriptFormatException)], Text: true),
    ];

    private static byte[] Committed(params string[] parts) => File.ReadAllBytes(Path.Combine([AppContext.BaseDirectory, "Data", .. parts]));

    private static IReadOnlyList<byte[]> ModelCorpus(string dir)
    {
        Module[] networks =
        [
            new Sequential(new Dense(4, 8), new Tanh(), new Dense(8, 3, bias: false), new Softmax()),
            new Sequential(new Conv2D(1, 4, 3, padding: 1), new BatchNorm(4), new Relu(), new MaxPool2D(2),
                new Dropout(0.25f), new Conv2D(4, 2, 1, stride: 2), new AvgPool2D(2), new Flatten(), new Dense(2, 3), new Sigmoid()),
            new Dense(3, 2, UnaryKind.LeakyRelu),
        ];
        Shape[] samples = [new(4), new(1, 8, 8), new(3)];
        var corpus = new List<byte[]>();
        for (var i = 0; i < networks.Length; i++)
        {
            var path = Path.Combine(dir, $"seed{i}.myelin");
            new Model(networks[i], samples[i], seed: (ulong)i).Save(path);
            corpus.Add(File.ReadAllBytes(path));
        }
        corpus.Add(Committed("digits", "digits-model.myelin"));
        return corpus;
    }

    // Most mutants get a valid CRC again: otherwise nearly all of them stop at the checksum.
    private static byte[] FixModelChecksum(byte[] data)
    {
        if (data.Length < 16) return data;
        var copy = (byte[])data.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), Crc32.Append(0, copy.AsSpan(0, copy.Length - 4)));
        return copy;
    }

    private static void ReadIdx(string path)
    {
        // Read as both kinds so each reader meets every mutant; a file loads when either accepts it.
        try { Idx.ReadImages(path); }
        catch (InvalidDataException) { Idx.ReadLabels(path); }
    }

    private static IReadOnlyList<byte[]> IdxCorpus(string dir)
    {
        var images = Gunzip(Committed("mnist-sample", "t10k-images-idx3-ubyte.gz"));
        var labels = Gunzip(Committed("mnist-sample", "t10k-labels-idx1-ubyte.gz"));
        // 12 images and their labels: small enough for thousands of cases a second.
        var fewImages = images[..(16 + 12 * 784)];
        BinaryPrimitives.WriteUInt32BigEndian(fewImages.AsSpan(4), 12);
        var fewLabels = labels[..(8 + 12)];
        BinaryPrimitives.WriteUInt32BigEndian(fewLabels.AsSpan(4), 12);
        return [fewImages, fewLabels, Gzip(fewImages), Gzip(fewLabels), Committed("mnist-sample", "t10k-labels-idx1-ubyte.gz")];
    }

    private static byte[] Gunzip(byte[] packed)
    {
        using var gz = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        return raw.ToArray();
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return packed.ToArray();
    }

    private static IReadOnlyList<byte[]> ImageCorpus(string dir)
    {
        var corpus = new List<byte[]>();
        foreach (var (w, h, components) in new[] { (16, 16, ColorComponents.Grey), (20, 12, ColorComponents.RedGreenBlue), (9, 9, ColorComponents.RedGreenBlueAlpha) })
        {
            var channels = components switch { ColorComponents.Grey => 1, ColorComponents.RedGreenBlue => 3, _ => 4 };
            var pixels = new byte[w * h * channels];
            for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 251);
            using var png = new MemoryStream();
            new ImageWriter().WritePng(pixels, w, h, components, png);
            corpus.Add(png.ToArray());
            using var jpg = new MemoryStream();
            new ImageWriter().WriteJpg(pixels, w, h, components, jpg, 80);
            corpus.Add(jpg.ToArray());
            using var bmp = new MemoryStream();
            new ImageWriter().WriteBmp(pixels, w, h, components, bmp);
            corpus.Add(bmp.ToArray());
        }
        return corpus;
    }

    private static IReadOnlyList<byte[]> LabelsCorpus(string dir)
    {
        var labels = new DetectionLabels(64, 48, 30, 7, ["coin", "crate", "slime"]);
        labels.Add([new LabeledBox(new Box(1, 2, 30, 40), 0), new LabeledBox(new Box(10.5f, 0, 64, 48), 2)]);
        labels.Add([]);
        labels.Add([new LabeledBox(new Box(0, 0, 1, 1), 1)]);
        var path = Path.Combine(dir, "labels.json");
        LabelsFile.Write(path, labels);
        var written = File.ReadAllBytes(path);
        return [written, [0xEF, 0xBB, 0xBF, .. written]];
    }

    private static IReadOnlyList<byte[]> ScriptCorpus(string dir) =>
    [
        Encoding.UTF8.GetBytes("""
            # every command
            frame 10 move 200 300
            frame 11 down left
            frame 14 up right
            frame 20 key A
            frame 21 key SPACE
            frame 25 scroll -1
            frame 30 drag 100 100 300 300 10
            """),
        Encoding.UTF8.GetBytes("frame 0 key ESCAPE\nframe 2 down middle\nframe 3 up\n"),
    ];
}
