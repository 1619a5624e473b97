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

    // The values each layer's State() holds, computed from its spec alone, so a model file can be
    // checked against the weights it really carries before any layer is allocated.
    private static readonly Dictionary<string, Func<LayerSpec, long>> s_stateSizes = new(StringComparer.Ordinal)
    {
        ["Dense"] = s => Product(s.Int("inputs"), s.Int("outputs")) + (s.Bool("bias") ? Math.Max(0, s.Int("outputs")) : 0),
        ["Conv2D"] = s => Product(s.Int("out"), s.Int("in"), s.Int("kernel"), s.Int("kernel")) + (s.Bool("bias") ? Math.Max(0, s.Int("out")) : 0),
        ["BatchNorm"] = s => 4L * Math.Max(0, s.Int("features")), // gamma, beta, running mean and variance
        ["Sequential"] = s => s.Children.Aggregate(0L, (sum, c) => checked(sum + StateSize(c))),
    };

    /// <summary>
    /// Registers a factory for a custom layer type name. <paramref name="stateSize"/> gives the number of
    /// values the layer's <see cref="Module.State"/> will hold for a spec; with it, a model file that
    /// declares more than it carries is refused before the layer is built. Without it the layer counts as 0.
    /// </summary>
    public static void Register(string type, Func<LayerSpec, Module> factory, Func<LayerSpec, long>? stateSize = null)
    {
        lock (s_factories)
        {
            s_factories[type] = factory;
            if (stateSize is null) s_stateSizes.Remove(type);
            else s_stateSizes[type] = stateSize;
        }
    }

    /// <summary>The values (parameters and buffers) the module built from <paramref name="spec"/> will hold, without building it.</summary>
    /// <exception cref="FormatException">An unknown layer type, or a malformed argument.</exception>
    /// <exception cref="OverflowException">The sizes overflow 64 bits.</exception>
    public static long StateSize(LayerSpec spec)
    {
        Func<LayerSpec, long>? size;
        lock (s_factories)
        {
            if (!s_factories.ContainsKey(spec.Type)) throw UnknownType(spec);
            s_stateSizes.TryGetValue(spec.Type, out size);
        }
        return size?.Invoke(spec) ?? 0;
    }

    /// <summary>Builds a module from its spec; throws naming an unknown type.</summary>
    public static Module Create(LayerSpec spec)
    {
        Func<LayerSpec, Module>? f;
        lock (s_factories) s_factories.TryGetValue(spec.Type, out f);
        return f is null ? throw UnknownType(spec) : f(spec);
    }

    private static FormatException UnknownType(LayerSpec spec) =>
        new($"Unknown layer type '{spec.Type}'. Register it with LayerRegistry.Register before loading.");

    // Non-positive sizes count as 0: the layer's constructor then names the bad argument.
    private static long Product(params ReadOnlySpan<int> sizes)
    {
        long p = 1;
        foreach (var n in sizes) p = n <= 0 ? 0 : checked(p * n);
        return p;
    }
}
