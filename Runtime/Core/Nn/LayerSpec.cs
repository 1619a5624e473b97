using System.Globalization;

namespace Myelin.Nn;

/// <summary>
/// A layer's architecture as plain data: its type, its arguments as strings, and its children.
/// Model files store this; <see cref="LayerRegistry"/> turns it back into a module.
/// </summary>
public sealed record LayerSpec(string Type, IReadOnlyDictionary<string, string> Args, IReadOnlyList<LayerSpec> Children)
{
    /// <summary>A spec with arguments and no children.</summary>
    public static LayerSpec Of(string type, params (string Key, object Value)[] args) =>
        new(type, args.ToDictionary(a => a.Key, a => Format(a.Value)), []);

    /// <summary>An integer argument; throws naming the layer when it is missing or malformed.</summary>
    public int Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
        ? v : throw new FormatException($"Layer '{Type}': argument '{key}' is not an integer ('{Get(key)}').");

    /// <summary>A float argument.</summary>
    public float Float(string key) => float.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
        ? v : throw new FormatException($"Layer '{Type}': argument '{key}' is not a number ('{Get(key)}').");

    /// <summary>A boolean argument.</summary>
    public bool Bool(string key) => bool.TryParse(Get(key), out var v)
        ? v : throw new FormatException($"Layer '{Type}': argument '{key}' is not true/false ('{Get(key)}').");

    /// <summary>An enum argument.</summary>
    public T Enum<T>(string key) where T : struct, System.Enum => System.Enum.TryParse<T>(Get(key), out var v)
        ? v : throw new FormatException($"Layer '{Type}': argument '{key}' is not a {typeof(T).Name} ('{Get(key)}').");

    /// <summary>A string argument.</summary>
    public string Get(string key) => Args.TryGetValue(key, out var v)
        ? v : throw new FormatException($"Layer '{Type}' is missing argument '{key}'.");

    private static string Format(object value) => value switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
