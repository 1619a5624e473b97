using System.Text.Json;

namespace Myelin.Training.Config;

/// <summary>
/// One JSON value of a configuration file with the line it starts on, so that every later
/// validation error can name its line (JsonDocument keeps no positions). Comments and trailing
/// commas are allowed, as in hand-written config files.
/// </summary>
public sealed class ConfigNode
{
    private ConfigNode(JsonValueKind kind, int line, string path)
    {
        Kind = kind;
        Line = line;
        Path = path;
    }

    /// <summary>Object, Array, String, Number, True, False or Null.</summary>
    public JsonValueKind Kind { get; }
    /// <summary>1-based line where the value starts.</summary>
    public int Line { get; }
    /// <summary>Dotted path from the root, e.g. <c>layers[2].outputs</c>.</summary>
    public string Path { get; }
    /// <summary>The string value, or the number's source text.</summary>
    public string Text { get; private set; } = "";
    /// <summary>Members of an object in file order, each with the line of its key.</summary>
    public IReadOnlyList<(string Key, int KeyLine, ConfigNode Value)> Members { get; private set; } = [];
    /// <summary>Items of an array.</summary>
    public IReadOnlyList<ConfigNode> Items { get; private set; } = [];

    /// <summary>A short name of the kind for error messages ("a number", "an object"…).</summary>
    public string KindName => KindNameOf(Kind);

    internal static string KindNameOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    /// <summary>Parses UTF-8 JSON; a syntax error throws <see cref="ConfigException"/> with its line.</summary>
    public static ConfigNode Parse(ReadOnlySpan<byte> utf8, string file)
    {
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read()) throw new ConfigException(file, 1, "", "the file is empty; expected a JSON object.");
            var root = Read(ref reader, lineStarts, "", file);
            if (reader.Read()) throw new ConfigException(file, LineOf(lineStarts, reader.TokenStartIndex), "", "unexpected text after the closing '}'.");
            return root;
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new ConfigException(file, (int)(e.LineNumber ?? 0) + 1, "", $"not valid JSON: {ConfigException.Printable(message)}");
        }
    }

    private static ConfigNode Read(ref Utf8JsonReader reader, List<long> lineStarts, string path, string file)
    {
        var line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new ConfigNode(JsonValueKind.Object, line, path);
                var members = new List<(string, int, ConfigNode)>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var keyLine = LineOf(lineStarts, reader.TokenStartIndex);
                    var keyPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (members.Exists(m => m.Item1 == key))
                        throw new ConfigException(file, keyLine, keyPath, "appears twice in the same object; keep one.");
                    reader.Read();
                    members.Add((key, keyLine, Read(ref reader, lineStarts, keyPath, file)));
                }
                node.Members = members;
                return node;
            }
            case JsonTokenType.StartArray:
            {
                var node = new ConfigNode(JsonValueKind.Array, line, path);
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(Read(ref reader, lineStarts, $"{path}[{items.Count}]", file));
                node.Items = items;
                return node;
            }
            case JsonTokenType.String:
                return new ConfigNode(JsonValueKind.String, line, path) { Text = reader.GetString()! };
            case JsonTokenType.Number:
                return new ConfigNode(JsonValueKind.Number, line, path) { Text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new ConfigNode(JsonValueKind.True, line, path) { Text = "true" };
            case JsonTokenType.False:
                return new ConfigNode(JsonValueKind.False, line, path) { Text = "false" };
            default:
                return new ConfigNode(JsonValueKind.Null, line, path) { Text = "null" };
        }
    }

    private static List<long> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        return starts;
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        var i = lineStarts.BinarySearch(offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }
}
