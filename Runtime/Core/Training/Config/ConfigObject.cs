using System.Globalization;
using System.Text.Json;

namespace Myelin.Training.Config;

/// <summary>
/// Reads the members of one object of a configuration file by name and type. Every read names a
/// key as known, so <see cref="RejectUnknownKeys"/> can refuse the rest with a "did you mean"
/// suggestion drawn from the keys this object accepts. Errors name the file, line and key path.
/// </summary>
public sealed class ConfigObject
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="node"/>; throws when it is not an object.</summary>
    public ConfigObject(ConfigNode node, string file)
    {
        if (node.Kind != JsonValueKind.Object)
            throw new ConfigException(file, node.Line, node.Path, $"expected an object {{ ... }}, found {node.KindName}.");
        Node = node;
        File = file;
    }

    /// <summary>The wrapped node.</summary>
    public ConfigNode Node { get; }
    /// <summary>The file, for error messages.</summary>
    public string File { get; }

    /// <summary>The member's value, or null when absent; marks the key as known.</summary>
    public ConfigNode? Find(string key)
    {
        _known.Add(key);
        foreach (var (k, _, value) in Node.Members)
            if (k == key) return value;
        return null;
    }

    /// <summary>True when the key is present; marks it as known.</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The member's value; throws naming the key when absent.</summary>
    public ConfigNode Required(string key) => Find(key)
        ?? throw Error(Node, Join(Node.Path, key), $"is missing (required in '{(Node.Path.Length == 0 ? "the top level" : Node.Path)}').");

    /// <summary>A nested object, or null when absent.</summary>
    public ConfigObject? Object(string key) => Find(key) is { } n ? new ConfigObject(n, File) : null;

    /// <summary>An integer in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        Find(key) is { } n ? Int(n, min, max) : fallback;

    /// <summary>A required integer in [min, max].</summary>
    public int RequiredInt(string key, int min = int.MinValue, int max = int.MaxValue) => Int(Required(key), min, max);

    /// <summary>A number in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public float Float(string key, float fallback, float min = float.MinValue, float max = float.MaxValue, bool minExclusive = false) =>
        Find(key) is { } n ? Float(n, min, max, minExclusive) : fallback;

    /// <summary>A required factor in (0, 1], such as a per-step decay.</summary>
    public float RequiredFactor(string key) => Float(Required(key), 0f, 1f, minExclusive: true);

    /// <summary>true/false, or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback) => Find(key) is { } n ? Bool(n) : fallback;

    /// <summary>A string, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string key, string? fallback = null) => Find(key) is { } n ? String(n) : fallback;

    /// <summary>A string from <paramref name="choices"/> (case-insensitive), or the fallback when absent.</summary>
    public string Choice(string key, string fallback, params string[] choices) => Find(key) is { } n ? Choice(n, choices) : fallback;

    /// <summary>A required string from <paramref name="choices"/> (case-insensitive), returned as spelled in the list.</summary>
    public string RequiredChoice(string key, params string[] choices) => Choice(Required(key), choices);

    /// <summary>Throws for the first member whose key no read asked for, suggesting the nearest known key.</summary>
    public void RejectUnknownKeys(string? context = null)
    {
        foreach (var (key, line, _) in Node.Members)
        {
            if (_known.Contains(key)) continue;
            var near = Suggest.Nearest(key, _known);
            var hint = near is null ? $" Known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))}." : $" Did you mean '{near}'?";
            throw new ConfigException(File, line, Join(Node.Path, key), $"unknown key{(context is null ? "" : $" for {context}")}.{hint}");
        }
    }

    /// <summary>An integer value in [min, max].</summary>
    public int Int(ConfigNode n, int min, int max)
    {
        if (n.Kind != JsonValueKind.Number || !int.TryParse(n.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error(n, n.Path, $"expected a whole number, found {Describe(n)}.");
        if (v < min || v > max) throw Error(n, n.Path, $"{v} is out of range; expected {Range(min, max)}.");
        return v;
    }

    /// <summary>A finite number in [min, max] (above min when <paramref name="minExclusive"/>).</summary>
    public float Float(ConfigNode n, float min, float max, bool minExclusive = false)
    {
        if (n.Kind != JsonValueKind.Number || !float.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
            throw Error(n, n.Path, $"expected a number, found {Describe(n)}.");
        if (v < min || v > max || (minExclusive && v == min))
        {
            var bounds = new List<string>();
            if (minExclusive) bounds.Add($"> {Fmt(min)}");
            else if (min > float.MinValue) bounds.Add($">= {Fmt(min)}");
            if (max < float.MaxValue) bounds.Add($"<= {Fmt(max)}");
            throw Error(n, n.Path, $"{n.Text} is out of range; expected {string.Join(" and ", bounds)}.");
        }
        return v;
    }

    /// <summary>A true/false value.</summary>
    public bool Bool(ConfigNode n) => n.Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(n, n.Path, $"expected true or false, found {Describe(n)}."),
    };

    /// <summary>A string value.</summary>
    public string String(ConfigNode n) => n.Kind == JsonValueKind.String
        ? n.Text : throw Error(n, n.Path, $"expected a string, found {Describe(n)}.");

    /// <summary>A string value from <paramref name="choices"/>, case-insensitive.</summary>
    public string Choice(ConfigNode n, string[] choices)
    {
        var s = String(n);
        foreach (var c in choices)
            if (string.Equals(c, s, StringComparison.OrdinalIgnoreCase)) return c;
        var near = Suggest.Nearest(s, choices);
        throw Error(n, n.Path, $"'{ConfigException.Printable(s)}' is not one of {string.Join(", ", choices)}.{(near is null ? "" : $" Did you mean '{near}'?")}");
    }

    /// <summary>An error at <paramref name="n"/>'s line.</summary>
    public ConfigException Error(ConfigNode n, string key, string problem) => new(File, n.Line, key, problem);

    private static string Describe(ConfigNode n) => n.Kind switch
    {
        JsonValueKind.String => $"the string \"{ConfigException.Printable(n.Text.Length > 40 ? n.Text[..40] + "…" : n.Text)}\"",
        JsonValueKind.Number => n.Text,
        _ => n.KindName,
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Range(long min, long max) =>
        (min > int.MinValue, max < int.MaxValue) switch
        {
            (true, true) => $"{min}..{max}",
            (true, false) => $">= {min}",
            (false, true) => $"<= {max}",
            _ => "a whole number",
        };

    private static string Fmt(float v) => v.ToString(CultureInfo.InvariantCulture);
}
