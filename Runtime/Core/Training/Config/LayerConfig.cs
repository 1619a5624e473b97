using System.Globalization;
using System.Text.Json;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Nn;

namespace Myelin.Training.Config;

/// <summary>
/// Builds the network of a configuration file from its <c>layers</c> list. Each entry names a
/// <see cref="LayerRegistry"/> type and that type's model-file arguments (the keys of its
/// <see cref="LayerSpec"/>), so a config and a saved model describe layers the same way. Sizes the
/// previous layer fixes (a Dense layer's <c>inputs</c>, a Conv2D's <c>in</c>, a BatchNorm's
/// <c>features</c>) may be left out; every other argument defaults to the layer's own default.
/// </summary>
public static class LayerConfig
{
    private sealed record Template(string[] Required, Func<Func<string, string>, Module> Make, string? InferredKey = null);

    // Required arguments build a default instance whose Spec lists every accepted key and its
    // default, so the accepted keys and defaults cannot drift from the layer classes.
    private static readonly Dictionary<string, Template> s_templates = new(StringComparer.Ordinal)
    {
        ["Dense"] = new(["inputs", "outputs"], a => new Dense(Int(a("inputs")), Int(a("outputs")), Enum<UnaryKind>(a("activation"), UnaryKind.Identity)), "inputs"),
        ["Conv2D"] = new(["in", "out", "kernel"], a => new Conv2D(Int(a("in")), Int(a("out")), Int(a("kernel"))), "in"),
        ["MaxPool2D"] = new([], a => new MaxPool2D(a("size") is { Length: > 0 } s ? Int(s) : 2)),
        ["AvgPool2D"] = new([], a => new AvgPool2D(a("size") is { Length: > 0 } s ? Int(s) : 2)),
        ["Flatten"] = new([], _ => new Flatten()),
        ["Dropout"] = new(["p"], a => new Dropout(0.5f)),
        ["BatchNorm"] = new(["features"], a => new BatchNorm(Int(a("features"))), "features"),
        ["Activation"] = new(["kind"], a => new Activation(Enum<UnaryKind>(a("kind"), UnaryKind.Identity))),
        ["Softmax"] = new([], _ => new Softmax()),
    };

    private static readonly Dictionary<string, string[]> s_enumKeys = new(StringComparer.Ordinal)
    {
        ["activation"] = System.Enum.GetNames<UnaryKind>(),
        ["kind"] = System.Enum.GetNames<UnaryKind>(),
        ["init"] = System.Enum.GetNames<Init>(),
    };

    /// <summary>The layer types a configuration file may use.</summary>
    public static IReadOnlyCollection<string> Types => s_templates.Keys;

    /// <summary>Builds the layers of <paramref name="list"/> for samples of <paramref name="sampleShape"/>.</summary>
    public static Sequential Build(ConfigNode list, Shape sampleShape, string file)
    {
        if (list.Kind != JsonValueKind.Array || list.Items.Count == 0)
            throw new ConfigException(file, list.Line, list.Path, $"expected a non-empty list of layers, found {list.KindName}.");
        var shape = DataLoader.Batched(sampleShape, 1);
        var layers = new List<Module>();
        foreach (var item in list.Items)
        {
            var layer = BuildLayer(new ConfigObject(item, file), shape);
            try
            {
                shape = layer.OutputShape(shape);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                throw new ConfigException(file, item.Line, item.Path, $"does not fit its input {Dims(shape)}: {e.Message}");
            }
            layers.Add(layer);
        }
        return new Sequential(layers);
    }

    private static Module BuildLayer(ConfigObject o, Shape input)
    {
        var type = o.RequiredChoice("type", [.. s_templates.Keys]);
        var template = s_templates[type];
        // Unknown keys first: a misspelt required key should get "did you mean", not "is missing".
        var accepted = template.Make(k => Array.IndexOf(template.Required, k) < 0 ? "" : k == "p" ? "0.5" : s_enumKeys.ContainsKey(k) ? "Identity" : "1").Spec.Args.Keys;
        foreach (var key in accepted) o.Find(key);
        o.RejectUnknownKeys($"layer type '{type}'");
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        if (template.InferredKey is { } inferred && !o.Has(inferred))
        {
            if (type == "Dense" && input.Rank != 2)
                throw o.Error(o.Node, o.Node.Path, $"a Dense layer needs (N, features) input but gets {Dims(input)}; add {{\"type\": \"Flatten\"}} before it.");
            given[inferred] = input[1].ToString(CultureInfo.InvariantCulture);
        }
        foreach (var key in template.Required)
            if (!given.ContainsKey(key))
                given[key] = key == "p" ? o.Float(o.Required(key), 0f, 0.999f).ToString("R", CultureInfo.InvariantCulture)
                    : s_enumKeys.TryGetValue(key, out var names) ? o.Choice(o.Required(key), names)
                    : o.Int(o.Required(key), 1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        if (o.Find("activation") is { } act && type == "Dense") given["activation"] = o.Choice(act, s_enumKeys["activation"]);
        if (o.Find("size") is { } size && type.EndsWith("Pool2D", StringComparison.Ordinal)) given["size"] = o.Int(size, 1, 64).ToString(CultureInfo.InvariantCulture);

        var defaults = template.Make(k => given.TryGetValue(k, out var v) ? v : "").Spec.Args;
        var args = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var (key, _, value) in o.Node.Members)
        {
            if (key == "type" || given.ContainsKey(key) || !defaults.TryGetValue(key, out var fallback)) continue;
            o.Find(key);
            args[key] = s_enumKeys.TryGetValue(key, out var names) ? o.Choice(value, names) : Text(o, value, fallback);
        }
        foreach (var (k, v) in given) args[k] = v;
        try
        {
            return LayerRegistry.Create(new LayerSpec(type, args, []));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw o.Error(o.Node, o.Node.Path, $"invalid {type} layer: {e.Message}");
        }
    }

    // A value checked against the kind of the argument's default text: bool, whole number or number.
    private static string Text(ConfigObject o, ConfigNode value, string fallback)
    {
        if (bool.TryParse(fallback, out _)) return o.Bool(value) ? "true" : "false";
        if (int.TryParse(fallback, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            return o.Int(value, 0, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        if (float.TryParse(fallback, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return o.Float(value, 0f, float.MaxValue).ToString("R", CultureInfo.InvariantCulture);
        return o.String(value);
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static T Enum<T>(string s, T fallback) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(s, out var v) ? v : fallback;

    private static string Dims(Shape s) => $"({string.Join(", ", Enumerable.Range(0, s.Rank).Select(i => i == 0 ? "N" : s[i].ToString(CultureInfo.InvariantCulture)))})";
}
