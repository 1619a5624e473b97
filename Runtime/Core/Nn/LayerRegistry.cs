using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// Turns <see cref="LayerSpec"/>s back into modules. Factories are registered explicitly (no
/// reflection), so model loading works under trimming and NativeAOT. Register your own layer
/// types with <see cref="Register"/>.
/// </summary>
public static class LayerRegistry
{
    private static readonly Dictionary<string, Func<LayerSpec, Module>> s_factories = new(StringComparer.Ordinal)
    {
        ["Dense"] = s => new Dense(s.Int("inputs"), s.Int("outputs"), s.Enum<UnaryKind>("activation"), s.Bool("bias"), s.Enum<Init>("init"), s.Get("name"))
            { ActivationAlpha = s.Float("alpha") },
        ["Conv2D"] = s => new Conv2D(s.Int("in"), s.Int("out"), s.Int("kernel"), s.Int("stride"), s.Int("padding"), s.Bool("bias"), s.Enum<Init>("init"), s.Get("name")),
        ["MaxPool2D"] = s => new MaxPool2D(s.Int("size"), s.Int("stride"), s.Int("padding"), s.Get("name")),
        ["AvgPool2D"] = s => new AvgPool2D(s.Int("size"), s.Int("stride"), s.Int("padding"), s.Get("name")),
        ["Flatten"] = s => new Flatten(s.Get("name")),
        ["Dropout"] = s => new Dropout(s.Float("p"), s.Get("name")),
        ["BatchNorm"] = s => new BatchNorm(s.Int("features"), s.Float("momentum"), s.Float("epsilon"), s.Get("name")),
        ["Activation"] = s => new Activation(s.Enum<UnaryKind>("kind"), s.Float("alpha"), s.Get("name")),
        ["Softmax"] = s => new Softmax(s.Get("name")),
        ["Sequential"] = s => new Sequential(s.Children.Select(Create)) { Name = s.Get("name") },
    };

    /// <summary>Registers a factory for a custom layer type name.</summary>
    public static void Register(string type, Func<LayerSpec, Module> factory)
    {
        lock (s_factories) s_factories[type] = factory;
    }

    /// <summary>Builds a module from its spec; throws naming an unknown type.</summary>
    public static Module Create(LayerSpec spec)
    {
        Func<LayerSpec, Module>? f;
        lock (s_factories) s_factories.TryGetValue(spec.Type, out f);
        return f is null
            ? throw new FormatException($"Unknown layer type '{spec.Type}'. Register it with LayerRegistry.Register before loading.")
            : f(spec);
    }
}
