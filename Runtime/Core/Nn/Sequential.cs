using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// Layers applied in order. A <see cref="Dense"/> layer followed by an <see cref="Activation"/>
/// whose derivative follows from its output runs as one fused kernel.
/// </summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers;

    /// <summary>Creates the container from layers in order; names are made unique ("dense1", "dense2"…).</summary>
    public Sequential(params IEnumerable<Module> layers) : base("sequential")
    {
        _layers = [.. layers];
        Rename();
    }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override IReadOnlyList<Module> Children => _layers;

    /// <summary>Inserts a layer (e.g. to grow a network live); parameters are re-collected.</summary>
    public void Insert(int index, Module layer)
    {
        _layers.Insert(index, layer);
        Rename();
        InvalidateParameters();
    }

    /// <summary>Removes the layer at <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        _layers.RemoveAt(index);
        InvalidateParameters();
    }

    /// <summary>Appends a layer.</summary>
    public void Add(Module layer) => Insert(_layers.Count, layer);

    private void Rename()
    {
        var counts = new Dictionary<string, int>();
        foreach (var layer in _layers)
        {
            var baseName = layer.Name.TrimEnd("0123456789".ToCharArray());
            counts[baseName] = counts.GetValueOrDefault(baseName) + 1;
            var newName = baseName + counts[baseName];
            if (layer.Name == newName) continue;
            RenameParameters(layer, newName);
        }
    }

    private static void RenameParameters(Module layer, string newName)
    {
        var old = layer.Name;
        layer.Name = newName;
        foreach (var t in layer.State())
            if (t.Name is { } n && n.StartsWith(old + ".", StringComparison.Ordinal)) t.Name = newName + n[old.Length..];
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        for (var i = 0; i < _layers.Count; i++)
        {
            var layer = _layers[i];
            if (layer is Dense { Activation: UnaryKind.Identity } dense && i + 1 < _layers.Count
                && _layers[i + 1] is Activation act && Ops.FusesFromOutput(act.Kind))
            {
                x = dense.Forward(x, act.Kind, act.Alpha);
                i++;
                continue;
            }
            x = layer.Forward(x);
        }
        return x;
    }

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input)
    {
        var s = input;
        foreach (var layer in _layers) s = layer.OutputShape(s);
        return s;
    }

    /// <inheritdoc />
    public override LayerSpec Spec => new("Sequential", new Dictionary<string, string> { ["name"] = Name }, [.. _layers.Select(l => l.Spec)]);
}
