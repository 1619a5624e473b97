using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Myelin.Nn;

namespace Myelin.Serialization;

/// <summary>
/// The native model file: magic, format version, architecture (JSON), named tensors, CRC-32.
/// <code>
/// "MYELINMD" | u32 version | u32 n + JSON architecture | u32 count |
///   count × (u16 n + UTF-8 name | u8 rank | i32 dims[rank] | f32 values[]) | u32 crc32(all before)
/// </code>
/// Little-endian. Writes go to a temporary file renamed over the target, so a crash never leaves a
/// half-written model.
/// </summary>
public static class ModelFile
{
    /// <summary>The 8 magic bytes every model file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "MYELINMD"u8;

    /// <summary>The format version this build writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>
    /// The most values one input sample may hold (16 Mi floats, 64 MiB: a 3×2048×2048 image fits); a file
    /// declaring a larger sample shape is refused before anything is built for it.
    /// </summary>
    public const int MaxSampleElements = 1 << 24;

    /// <summary>What a model file holds.</summary>
    public sealed record Contents(LayerSpec Network, Shape SampleShape, ulong Seed, IReadOnlyList<(string Name, Shape Shape, float[] Values)> Tensors);

    /// <summary>
    /// Writes the architecture and <paramref name="tensors"/> atomically to <paramref name="path"/>. A tensor
    /// holding NaN or ±Inf (a diverged model) is refused unless <paramref name="allowNonFinite"/> is set,
    /// leaving any existing file as it was.
    /// </summary>
    /// <exception cref="InvalidOperationException">A tensor holds a non-finite value and <paramref name="allowNonFinite"/> is false.</exception>
    public static void Write(string path, LayerSpec network, in Shape sampleShape, ulong seed, IReadOnlyList<Tensor> tensors, bool allowNonFinite = false)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        WriteU32(buffer, Version);
        var arch = ArchitectureJson(network, sampleShape, seed);
        WriteU32(buffer, (uint)arch.Length);
        buffer.Write(arch);
        WriteU32(buffer, (uint)tensors.Count);
        Span<byte> u16 = stackalloc byte[2];
        foreach (var t in tensors)
        {
            var name = Encoding.UTF8.GetBytes(t.Name ?? throw new ArgumentException("Every saved tensor needs a name."));
            BinaryPrimitives.WriteUInt16LittleEndian(u16, (ushort)name.Length);
            buffer.Write(u16);
            buffer.Write(name);
            buffer.WriteByte((byte)t.Rank);
            for (var i = 0; i < t.Rank; i++) WriteU32(buffer, (uint)t.Shape[i]);
            var values = t.ToArray();
            if (!allowNonFinite && FirstNonFinite(values) is var k and >= 0)
                throw new InvalidOperationException($"Not saving '{Text.Escape(path)}': tensor '{Text.Escape(t.Name)}' holds {values[k]} at index {k} (the model diverged). Pass allowNonFinite to save it anyway.");
            var bytes = new byte[values.Length * 4];
            for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
            buffer.Write(bytes);
        }
        var crc = Crc32.Append(0, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        WriteU32(buffer, crc);
        AtomicFile.Write(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Reads and validates a model file; every defect raises <see cref="ModelFormatException"/> naming it.
    /// Reads no more than the file's real length; a tensor holding NaN or ±Inf is refused unless
    /// <paramref name="allowNonFinite"/> is set (to inspect a diverged model).
    /// </summary>
    public static Contents Read(string path, bool allowNonFinite = false)
    {
        byte[] data;
        try { data = InputFile.ReadAllBytes(path, Array.MaxLength); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"Cannot read model file: {e.Message}", e);
        }
        if (data.Length == 0)
            throw new ModelFormatException($"'{path}' is empty (0 bytes): not a Myelin model file.");
        var prefix = Math.Min(data.Length, Magic.Length);
        if (!data.AsSpan(0, prefix).SequenceEqual(Magic[..prefix]))
            throw new ModelFormatException($"'{path}' is not a Myelin model file (bad magic bytes).");
        if (data.Length < 16)
            throw new ModelFormatException($"'{path}' is truncated ({data.Length} bytes; a model file has at least 16).");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        if (version != Version)
            throw new ModelFormatException($"'{path}' has model format version {version}; this build reads version {Version}.");
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4));
        var actual = Crc32.Append(0, data.AsSpan(0, data.Length - 4));
        if (stored != actual)
            throw new ModelFormatException($"'{path}' is corrupted or truncated: checksum {actual:X8} does not match the stored {stored:X8}.");
        try
        {
            var r = new Reader(data, data.Length - 4);
            r.Skip(12);
            var archLength = (int)r.U32();
            var (network, sampleShape, seed) = ParseArchitecture(r.Bytes(archLength));
            if (sampleShape.Length > MaxSampleElements)
                throw new ModelFormatException($"'{path}' declares input samples of shape {sampleShape} ({sampleShape.Length} values); the limit is {MaxSampleElements}.");
            var count = r.U32();
            // Each tensor takes at least 3 bytes (name length, rank): a larger count cannot be real.
            if (count > (uint)r.Remaining / 3)
                throw new ModelFormatException($"'{path}' is malformed: it claims {count} tensors but only {r.Remaining} bytes remain.");
            var tensors = new List<(string, Shape, float[])>((int)count);
            Span<int> dims = stackalloc int[Shape.MaxRank];
            for (var i = 0; i < count; i++)
            {
                var name = Encoding.UTF8.GetString(r.Bytes(r.U16()));
                var at = $"'{path}': tensor {i} ('{name}')";
                var rank = r.U8();
                if (rank > Shape.MaxRank) throw new ModelFormatException($"{at} has rank {rank} (max {Shape.MaxRank}).");
                for (var k = 0; k < rank; k++) dims[k] = (int)r.U32();
                var shape = new Shape(dims[..rank]);
                // Checked against the bytes left before the array is made, so a forged shape allocates nothing.
                if ((long)shape.Length * 4 > r.Remaining)
                    throw new ModelFormatException($"{at} of shape {shape} needs {(long)shape.Length * 4} bytes but only {r.Remaining} remain: the file is truncated or forged.");
                var raw = r.Bytes(shape.Length * 4);
                var values = new float[shape.Length];
                for (var k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(k * 4));
                if (!allowNonFinite && FirstNonFinite(values) is var bad and >= 0)
                    throw new ModelFormatException($"{at} holds {values[bad]} at index {bad} of {values.Length}: the model diverged before it was saved. Load it with allowNonFinite (--allow-nonfinite) to inspect it anyway.");
                tensors.Add((name, shape, values));
            }
            if (r.Remaining != 0) throw new ModelFormatException($"'{path}' has {r.Remaining} unexpected bytes after the last tensor.");
            return new Contents(network, sampleShape, seed, tensors);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or JsonException or OverflowException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ModelFormatException($"'{path}' is malformed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies saved tensors into <paramref name="targets"/> by name; throws naming the tensor when one
    /// is missing or its shape differs. Nothing is changed unless every tensor fits.
    /// </summary>
    public static void Apply(Contents contents, IReadOnlyList<Tensor> targets, string path)
    {
        var byName = new Dictionary<string, (Shape Shape, float[] Values)>();
        foreach (var (n, s, v) in contents.Tensors) byName[n] = (s, v);
        foreach (var t in targets)
        {
            if (!byName.TryGetValue(t.Name!, out var saved))
                throw new ModelFormatException($"'{path}' has no tensor '{t.Name}' that the model needs.");
            if (saved.Shape != t.Shape)
                throw new ModelFormatException($"'{path}': tensor '{t.Name}' has shape {saved.Shape} in the file but {t.Shape} in the model.");
        }
        foreach (var t in targets) t.CopyFrom(byName[t.Name!].Values);
    }

    /// <summary>The index of the first NaN or ±Inf in <paramref name="values"/>, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static byte[] ArchitectureJson(LayerSpec network, in Shape sampleShape, ulong seed)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("sampleShape");
            for (var i = 0; i < sampleShape.Rank; i++) w.WriteNumberValue(sampleShape[i]);
            w.WriteEndArray();
            w.WriteNumber("seed", seed);
            w.WritePropertyName("network");
            WriteSpec(w, network);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteSpec(Utf8JsonWriter w, LayerSpec spec)
    {
        w.WriteStartObject();
        w.WriteString("type", spec.Type);
        w.WriteStartObject("args");
        foreach (var (k, v) in spec.Args.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
        w.WriteEndObject();
        w.WriteStartArray("children");
        foreach (var c in spec.Children) WriteSpec(w, c);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static (LayerSpec, Shape, ulong) ParseArchitecture(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        const string where = "the architecture";
        var dims = Property(root, "sampleShape", where, JsonValueKind.Array).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var seed = Property(root, "seed", where, JsonValueKind.Number).GetUInt64();
        var index = 0;
        return (ReadSpec(Property(root, "network", where, JsonValueKind.Object), ref index), new Shape(dims), seed);
    }

    // Layers are numbered depth-first from 0 (the outermost), so a message can say which one is wrong.
    private static LayerSpec ReadSpec(JsonElement e, ref int index)
    {
        var where = $"layer {index++}";
        var type = Property(e, "type", where, JsonValueKind.String).GetString()!;
        where += $" ('{type}')";
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Property(e, "args", where, JsonValueKind.Object).EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new FormatException($"{where}: argument '{p.Name}' is {p.Value.ValueKind}, not a string.");
            if (!args.TryAdd(p.Name, p.Value.GetString()!)) throw new FormatException($"{where}: argument '{p.Name}' appears twice.");
        }
        var children = new List<LayerSpec>();
        foreach (var c in Property(e, "children", where, JsonValueKind.Array).EnumerateArray())
            children.Add(ReadSpec(c, ref index));
        return new LayerSpec(type, args, children);
    }

    private static JsonElement Property(JsonElement e, string key, string where, JsonValueKind kind)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{where} is a JSON {e.ValueKind}, not an object.");
        if (!e.TryGetProperty(key, out var value)) throw new FormatException($"{where} has no \"{key}\".");
        if (value.ValueKind != kind) throw new FormatException($"{where}: \"{key}\" is a JSON {value.ValueKind}, expected {kind}.");
        return value;
    }

    private static void WriteU32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    private ref struct Reader(byte[] data, int end)
    {
        private int _pos;

        public readonly int Remaining => end - _pos;

        public void Skip(int n) => Bytes(n);

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || _pos + n > end) throw new FormatException($"the file ends early (needed {n} bytes at offset {_pos}, {end - _pos} left).");
            var s = data.AsSpan(_pos, n);
            _pos += n;
            return s;
        }

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));
        public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
        public byte U8() => Bytes(1)[0];
    }
}
