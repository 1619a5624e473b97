using System.Buffers.Binary;
using System.IO.Compression;
using Myelin.Serialization;

namespace Myelin.Data;

/// <summary>
/// The IDX format of the MNIST files: a big-endian header (magic 0x00000803 for unsigned-byte
/// images with dims N, rows, cols; 0x00000801 for unsigned-byte labels with dim N) followed by the
/// raw bytes. Gzip-compressed files (starting 1F 8B) are read transparently.
/// </summary>
public static class Idx
{
    /// <summary>Magic of an unsigned-byte, 3-axis file (images N×rows×cols).</summary>
    public const uint ImagesMagic = 0x00000803;

    /// <summary>Magic of an unsigned-byte, 1-axis file (labels N).</summary>
    public const uint LabelsMagic = 0x00000801;

    /// <summary>
    /// The largest IDX file read, before or after gzip (1 GiB; the 60,000-image MNIST set is 47 MB).
    /// A gzip stream is decompressed only as far as its header declares, so a small bomb cannot fill memory.
    /// </summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads an images file: pixels (count·rows·cols bytes, row-major) and its dimensions.</summary>
    /// <exception cref="InvalidDataException">Wrong magic, another element type, or a size that does not match the header.</exception>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        var data = ReadAll(path);
        var dims = Header(data, path, ImagesMagic, 3, "images (N, rows, cols)");
        var payload = Payload(data, path, dims);
        return (payload, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a labels file: one byte per sample.</summary>
    /// <exception cref="InvalidDataException">Wrong magic, another element type, or a size that does not match the header.</exception>
    public static byte[] ReadLabels(string path)
    {
        var data = ReadAll(path);
        var dims = Header(data, path, LabelsMagic, 1, "labels (N)");
        return Payload(data, path, dims);
    }

    /// <summary>Writes an images file atomically; gzip-compressed when the path ends in ".gz".</summary>
    public static void WriteImages(string path, ReadOnlySpan<byte> pixels, int count, int rows, int cols)
    {
        if (count < 0 || rows < 0 || cols < 0 || (long)count * rows * cols != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixels are not {count} images of {rows}x{cols}.", nameof(pixels));
        Write(path, ImagesMagic, [count, rows, cols], pixels);
    }

    /// <summary>Writes a labels file atomically; gzip-compressed when the path ends in ".gz".</summary>
    public static void WriteLabels(string path, ReadOnlySpan<byte> labels) => Write(path, LabelsMagic, [labels.Length], labels);

    /// <summary>
    /// Loads an images file and a labels file as a classification dataset: inputs x = byte/255 with
    /// sample shape (1, rows, cols), targets the class index with shape (1).
    /// </summary>
    /// <exception cref="InvalidDataException">Either file is malformed, or their sample counts differ.</exception>
    public static Dataset LoadDataset(string imagesPath, string labelsPath, string name)
    {
        var (pixels, count, rows, cols) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException($"IDX files disagree: '{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels.");
        var x = new float[pixels.Length];
        for (var i = 0; i < x.Length; i++) x[i] = pixels[i] / 255f;
        var y = new float[count];
        for (var i = 0; i < count; i++) y[i] = labels[i];
        return new Dataset(x, new Shape(1, rows, cols), y, new Shape(1), name);
    }

    private static byte[] ReadAll(string path)
    {
        var raw = InputFile.ReadAllBytes(path, MaxBytes);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            return Gunzip(gz, path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX file '{path}' starts like gzip but does not decompress: {e.Message}", e);
        }
    }

    // Decompresses the header, then at most the payload it declares plus one byte (so Payload can
    // still tell a longer file from an exact one).
    private static byte[] Gunzip(GZipStream gz, string path)
    {
        var head = new byte[4 + 4 * 255];
        var got = gz.ReadAtLeast(head.AsSpan(0, 4), 4, throwOnEndOfStream: false);
        if (got < 4) return head[..got];
        var headerLength = 4 + 4 * head[3];
        got += gz.ReadAtLeast(head.AsSpan(4, headerLength - 4), headerLength - 4, throwOnEndOfStream: false);
        if (got < headerLength) return head[..got];
        long total = 1;
        for (var i = 0; i < head[3]; i++) total = Math.Min(total * BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4 + 4 * i)), MaxBytes + 1);
        total += headerLength;
        if (total > MaxBytes)
            throw new InvalidDataException($"IDX file '{path}' declares more than {MaxBytes} bytes once decompressed; the limit is {MaxBytes}.");
        // Grown as data arrives rather than allocated at the declared size, which a forged header may inflate.
        using var data = new MemoryStream();
        data.Write(head, 0, headerLength);
        var chunk = new byte[81920];
        int n;
        while (data.Length <= total && (n = gz.Read(chunk, 0, (int)Math.Min(chunk.Length, total + 1 - data.Length))) > 0) data.Write(chunk, 0, n);
        return data.ToArray();
    }

    /// <summary>Checks the magic and returns the dimensions.</summary>
    private static int[] Header(byte[] data, string path, uint magic, int rank, string what)
    {
        if (data.Length < 4)
            throw new InvalidDataException($"IDX file '{path}' is truncated: {data.Length} bytes, too short for a header.");
        if (data[0] != 0 || data[1] != 0)
            throw new InvalidDataException($"IDX file '{path}' has wrong magic {BinaryPrimitives.ReadUInt32BigEndian(data):X8}: expected {magic:X8} for {what}.");
        if (data[2] != 0x08)
            throw new InvalidDataException($"IDX file '{path}' has unsupported element type 0x{data[2]:X2}: only unsigned bytes (0x08) are supported.");
        if (data[3] != rank)
            throw new InvalidDataException($"IDX file '{path}' has {data[3]} dimensions (magic {BinaryPrimitives.ReadUInt32BigEndian(data):X8}); expected {rank} for {what}, magic {magic:X8}.");
        if (data.Length < 4 + 4 * rank)
            throw new InvalidDataException($"IDX file '{path}' is truncated: the header needs {4 + 4 * rank} bytes, the file has {data.Length}.");
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4 + 4 * i));
            if (d > int.MaxValue) throw new InvalidDataException($"IDX file '{path}': dimension {i} is {d}, too large.");
            dims[i] = (int)d;
        }
        return dims;
    }

    private static byte[] Payload(byte[] data, string path, int[] dims)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        var start = 4 + 4 * dims.Length;
        var actual = data.Length - start;
        if (actual != expected)
            throw new InvalidDataException(actual < expected
                ? $"IDX file '{path}' is truncated: the header ({string.Join("x", dims)}) promises {expected} data bytes, the file has {actual}."
                : $"IDX file '{path}' has {actual - expected} bytes after the {expected} data bytes its header ({string.Join("x", dims)}) promises.");
        return data.AsSpan(start).ToArray();
    }

    private static void Write(string path, uint magic, ReadOnlySpan<int> dims, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        payload.CopyTo(bytes.AsSpan(4 + 4 * dims.Length));
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.Write(path, bytes);
            return;
        }
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        AtomicFile.Write(path, packed.GetBuffer().AsSpan(0, (int)packed.Length));
    }
}
