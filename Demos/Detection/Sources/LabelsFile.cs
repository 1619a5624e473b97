using System.Text.Json;
using Myelin.Serialization;

namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// The labels file written beside a recorded video (JSON, UTF-8):
/// <code>
/// {"format":"myelin-detection-labels","version":1,"width":128,"height":128,"fps":30,"seed":1,"classes":["coin","crate","slime","tree"],"frames":[
/// {"index":0,"boxes":[{"x0":3,"y0":40.5,"x1":21,"y1":58,"class":"coin"}]},
/// …
/// ]}
/// </code>
/// Boxes are in pixels of the recorded width×height frame (left, top, right, bottom; inside the
/// frame); "seed" is null for footage not rendered by the synthetic camera; frame i of the array is
/// video frame i ("index" must say so). Written with Utf8JsonWriter and read with JsonDocument
/// (no reflection, NativeAOT-clean), one frame per line, atomically.
/// </summary>
public static class LabelsFile
{
    /// <summary>The "format" value identifying a labels file.</summary>
    public const string Format = "myelin-detection-labels";
    /// <summary>The version this code writes and reads.</summary>
    public const int Version = 1;
    /// <summary>The largest labels file read (256 MiB, about two million frames of boxes).</summary>
    public const long MaxBytes = 1L << 28;

    /// <summary>The labels file recorded beside <paramref name="videoPath"/> (same name, .json), or null when there is none.</summary>
    public static string? FindBeside(string videoPath)
    {
        var candidate = Path.ChangeExtension(videoPath, ".json");
        return candidate != videoPath && File.Exists(candidate) ? candidate : null;
    }

    /// <summary>Writes <paramref name="labels"/> to <paramref name="path"/> atomically (temporary file + rename).</summary>
    public static void Write(string path, DetectionLabels labels)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteNumber("width", labels.Width);
            w.WriteNumber("height", labels.Height);
            w.WriteNumber("fps", labels.Fps);
            if (labels.Seed is { } seed) w.WriteNumber("seed", seed);
            else w.WriteNull("seed");
            w.WriteStartArray("classes");
            foreach (var c in labels.Classes) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WritePropertyName("frames");
            w.Flush();
            // The frames array by hand, one frame per line; each frame is one standalone JSON value.
            buffer.WriteByte((byte)'[');
            for (var f = 0; f < labels.Frames.Count; f++)
            {
                buffer.Write(f == 0 ? "\n"u8 : ",\n"u8);
                w.Reset();
                WriteFrame(w, f, labels.Frames[f], labels.Classes);
                w.Flush();
            }
            buffer.Write("\n]}\n"u8);
        }
        AtomicFile.Write(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void WriteFrame(Utf8JsonWriter w, int index, LabeledBox[] boxes, IReadOnlyList<string> classes)
    {
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteStartArray("boxes");
        foreach (var b in boxes)
        {
            if ((uint)b.Class >= (uint)classes.Count)
                throw new ArgumentException($"Frame {index}: class index {b.Class} is outside the {classes.Count} classes.", nameof(boxes));
            w.WriteStartObject();
            w.WriteNumber("x0", b.Box.X0);
            w.WriteNumber("y0", b.Box.Y0);
            w.WriteNumber("x1", b.Box.X1);
            w.WriteNumber("y1", b.Box.Y1);
            w.WriteString("class", classes[b.Class]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Reads a labels file; throws <see cref="FileNotFoundException"/> when it is missing and
    /// <see cref="InvalidDataException"/> naming the file and the frame, box and field when it is malformed.
    /// </summary>
    public static DetectionLabels Read(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"The labels file '{path}' does not exist (record one with `myelin record --labels`).", path);
        var bytes = InputFile.ReadAllBytes(path, MaxBytes);
        JsonDocument doc;
        try
        {
            // Editors on Windows save UTF-8 with a byte-order mark, which the JSON reader refuses.
            var json = bytes.AsMemory();
            if (json.Span.StartsWith("\uFEFF"u8)) json = json[3..];
            if (!System.Text.Unicode.Utf8.IsValid(json.Span)) throw Bad(path, "", "the file is not UTF-8 text");
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(Text.Escape($"'{path}' is not valid JSON (line {e.LineNumber + 1}): {e.Message}"), e);
        }
        using (doc)
        {
            try
            {
                return ReadRoot(doc.RootElement, path);
            }
            catch (InvalidOperationException e)
            {
                // JsonDocument's answer to an escaped lone surrogate ("\uD800") in a string.
                throw Bad(path, "", $"a string cannot be read ({e.Message})");
            }
        }
    }

    private static DetectionLabels ReadRoot(JsonElement root, string path)
    {
        var where = "";
        if (root.ValueKind != JsonValueKind.Object) throw Bad(path, where, "the top level must be an object");
        var format = Get(root, "format", JsonValueKind.String, path, where).GetString();
        if (format != Format) throw Bad(path, where, $"'format' is \"{format}\", not \"{Format}\"");
        var version = Int(root, "version", path, where);
        if (version != Version) throw Bad(path, where, $"'version' {version} is not supported (this build reads {Version})");
        var width = Int(root, "width", path, where);
        var height = Int(root, "height", path, where);
        if (width <= 0 || height <= 0) throw Bad(path, where, $"the frame size {width}×{height} must be positive");
        var fps = Get(root, "fps", JsonValueKind.Number, path, where).GetDouble();
        if (!(fps > 0) || !double.IsFinite(fps)) throw Bad(path, where, $"'fps' {fps} must be a positive finite number");
        ulong? seed = null;
        if (root.TryGetProperty("seed", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetUInt64(out var v)) throw Bad(path, where, "'seed' must be a non-negative integer or null");
            seed = v;
        }
        var classes = new List<string>();
        foreach (var c in Get(root, "classes", JsonValueKind.Array, path, where).EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(c.GetString()))
                throw Bad(path, where, $"'classes' entry {classes.Count} must be a non-empty string");
            if (classes.Contains(c.GetString()!)) throw Bad(path, where, $"class \"{c.GetString()}\" is listed twice");
            classes.Add(c.GetString()!);
        }
        if (classes.Count == 0) throw Bad(path, where, "'classes' is empty");
        var labels = new DetectionLabels(width, height, fps, seed, classes);
        var f = 0;
        foreach (var frame in Get(root, "frames", JsonValueKind.Array, path, where).EnumerateArray())
            labels.Frames.Add(ReadFrame(frame, f++, labels, path));
        return labels;
    }

    private static LabeledBox[] ReadFrame(JsonElement frame, int f, DetectionLabels labels, string path)
    {
        var where = $"frame {f}";
        if (frame.ValueKind != JsonValueKind.Object) throw Bad(path, where, "must be an object");
        var index = Int(frame, "index", path, where);
        if (index != f) throw Bad(path, where, $"'index' is {index}; frames must be listed in order from 0");
        var boxes = new List<LabeledBox>();
        foreach (var box in Get(frame, "boxes", JsonValueKind.Array, path, where).EnumerateArray())
            boxes.Add(ReadBox(box, labels, path, $"{where}, box {boxes.Count}"));
        return [.. boxes];
    }

    private static LabeledBox ReadBox(JsonElement box, DetectionLabels labels, string path, string where)
    {
        if (box.ValueKind != JsonValueKind.Object) throw Bad(path, where, "must be an object");
        var b = new Box(Coordinate(box, "x0", path, where), Coordinate(box, "y0", path, where), Coordinate(box, "x1", path, where), Coordinate(box, "y1", path, where));
        if (b.X1 < b.X0 || b.Y1 < b.Y0) throw Bad(path, where, $"({b.X0}, {b.Y0})–({b.X1}, {b.Y1}) is inverted (x1 < x0 or y1 < y0)");
        if (b.X0 < 0 || b.Y0 < 0 || b.X1 > labels.Width || b.Y1 > labels.Height)
            throw Bad(path, where, $"({b.X0}, {b.Y0})–({b.X1}, {b.Y1}) lies outside the {labels.Width}×{labels.Height} frame");
        var name = Get(box, "class", JsonValueKind.String, path, where).GetString()!;
        var cls = DetectionLabels.IndexOf(labels.Classes, name, StringComparison.Ordinal);
        if (cls < 0) throw Bad(path, where, $"class \"{name}\" is not one of the file's classes ({string.Join(", ", labels.Classes)})");
        return new LabeledBox(b, cls);
    }

    private static JsonElement Get(JsonElement obj, string name, JsonValueKind kind, string path, string where)
    {
        if (!obj.TryGetProperty(name, out var value)) throw Bad(path, where, $"'{name}' is missing");
        if (value.ValueKind != kind) throw Bad(path, where, $"'{name}' must be a{(kind == JsonValueKind.Array ? "n" : "")} {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static int Int(JsonElement obj, string name, string path, string where)
    {
        var value = Get(obj, name, JsonValueKind.Number, path, where);
        if (!value.TryGetInt32(out var v)) throw Bad(path, where, $"'{name}' must be an integer, not {value.GetRawText()}");
        return v;
    }

    private static float Coordinate(JsonElement box, string name, string path, string where)
    {
        var v = Get(box, name, JsonValueKind.Number, path, where).GetSingle();
        if (!float.IsFinite(v)) throw Bad(path, where, $"'{name}' is not a finite number");
        return v;
    }

    // Escaped: the message quotes class names and values from the file.
    private static InvalidDataException Bad(string path, string where, string what) =>
        new(Text.Escape($"Labels file '{path}'{(where.Length > 0 ? ", " + where : "")}: {what}."));
}
