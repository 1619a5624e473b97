using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// Layers applied in order. A <see cref="Dense"/> layer followed by an <see cref="Activation"/>
/// whose derivative follows from its output runs as one fused kernel. Under <see cref="Autograd.Tape.NoGrad"/>
/// (inference), two or more such dense stages in a row run as one <see cref="Ops.DenseChain"/>.
/// A <see cref="Conv2D"/> followed by a 2×2, stride-2 <see cref="MaxPool2D"/> (with a <see cref="Relu"/>
/// between them or not) runs as one op, <see cref="Ops.Conv2DPooled"/>, when the convolution's output has
/// an even height and width: the CPU pools in the convolution's epilogue. Any other <see cref="Relu"/>
/// followed by a <see cref="MaxPool2D"/> runs as one op too, ReLU applied to the pooled values
/// (<see cref="Ops.MaxPool2D"/> with relu). Max commutes with the non-decreasing ReLU, so the values and
/// gradients are those of the layers one by one; the CPU applies the ReLU in the pooling pass (other
/// backends in a pass over the pooled values). Only a window holding NaN can differ: ReLU maps the NaN
/// to 0 before the pool, while after it a NaN in the window's first position wins the window (a later
/// one is skipped by the comparisons) and then becomes 0.
/// </summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers;
    private DenseStage[] _chain = [];

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
        var inference = Autograd.Tape.Current.IsNoGrad;
        for (var i = 0; i < _layers.Count; i++)
        {
            if (inference && x.Rank == 2)
            {
                var (stages, layers) = CollectChain(i, x.Shape[1]);
                if (stages >= 2)
                {
                    x = Ops.DenseChain(x, _chain.AsSpan(0, stages));
                    i += layers - 1;
                    continue;
                }
            }
            var (dense, kind, alpha, used) = DenseStageAt(i);
            if (dense is not null && used == 2)
            {
                x = dense.Forward(x, kind, alpha);
                i++;
                continue;
            }
            if (PooledConvAt(i, x) is var (conv, relu, span) && span > 0)
            {
                x = conv!.ForwardPooled(x, relu);
                i += span - 1;
                continue;
            }
            if (_layers[i] is Activation { Kind: UnaryKind.Relu } && i + 1 < _layers.Count && _layers[i + 1] is MaxPool2D pool)
            {
                // relu(max(window)) = max(relu(window)), and both send the gradient to the window's first
                // maximum when it is positive and nowhere otherwise: one op, ReLU applied to the pooled values.
                x = pool.Forward(x, relu: true);
                i++;
                continue;
            }
            x = _layers[i].Forward(x);
        }
        return x;
    }

    /// <summary>
    /// A <see cref="Conv2D"/> at <paramref name="i"/> followed by a 2×2, stride-2 <see cref="MaxPool2D"/>
    /// without padding (with a ReLU between them or not), when the convolution's output on
    /// <paramref name="x"/> has an even height and width: the layers <see cref="Ops.Conv2DPooled"/> runs as
    /// one op (Span 2 or 3), else Span 0.
    /// </summary>
    private (Conv2D? Conv, bool Relu, int Span) PooledConvAt(int i, Tensor x)
    {
        if (_layers[i] is not Conv2D conv || x.Rank != 4 || x.Shape[1] != conv.InChannels) return default;
        var relu = i + 1 < _layers.Count && _layers[i + 1] is Activation { Kind: UnaryKind.Relu };
        var next = i + (relu ? 2 : 1);
        if (next >= _layers.Count || _layers[next] is not MaxPool2D { Size: 2, Stride: 2, Padding: 0 }) return default;
        var output = conv.OutputShape(x.Shape);
        return output[2] % 2 == 0 && output[3] % 2 == 0 ? (conv, relu, next - i + 1) : default;
    }

    /// <summary>
    /// The dense layer at <paramref name="i"/> with the activation it runs fused: its own when its
    /// derivative follows from its output, or (for an identity layer) a following fusable
    /// <see cref="Activation"/> layer, in which case two layers are used.
    /// </summary>
    private (Dense? Dense, UnaryKind Kind, float Alpha, int Layers) DenseStageAt(int i)
    {
        if (_layers[i] is not Dense dense) return (null, default, 0f, 0);
        if (dense.Activation == UnaryKind.Identity && i + 1 < _layers.Count && _layers[i + 1] is Activation act && Ops.FusesFromOutput(act.Kind))
            return (dense, act.Kind, act.Alpha, 2);
        return Ops.FusesFromOutput(dense.Activation) ? (dense, dense.Activation, dense.ActivationAlpha, 1) : (null, default, 0f, 0);
    }

    /// <summary>Fills <see cref="_chain"/> with the run of fusable dense stages from layer <paramref name="i"/>, fed <paramref name="columns"/> features.</summary>
    private (int Stages, int Layers) CollectChain(int i, int columns)
    {
        if (_chain.Length < _layers.Count) _chain = new DenseStage[_layers.Count];
        int stages = 0, layers = 0;
        while (i + layers < _layers.Count)
        {
            var (dense, kind, alpha, used) = DenseStageAt(i + layers);
            if (dense is null || dense.Inputs != columns) break;
            _chain[stages++] = new DenseStage(dense.Weight, dense.Bias, kind, alpha);
            columns = dense.Outputs;
            layers += used;
        }
        return (stages, layers);
    }

    /// <inheritdoc />
    public override bool DependsOnMode
    {
        get
        {
            for (var i = 0; i < _layers.Count; i++)
                if (_layers[i].DependsOnMode) return true;
            return false;
        }
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
