using Myelin.Backends;
using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Demos.Xor;

public sealed partial class Playground
{
    // Source of a dense layer's inputs: the features, or a hidden layer index; Fresh = a new layer.
    private const int FeaturesSource = -100, Fresh = -1;

    /// <summary>Hidden layers H.</summary>
    public int LayerCount => Settings.Layers.Count;
    /// <summary>Input features F.</summary>
    public int FeatureCount => FeatureMap.Count(Settings.Features);
    /// <summary>Trainable scalars of the network.</summary>
    public long ParameterCount => _model.Network.ParameterCount;

    /// <summary>
    /// Applies new settings with the least rebuild: a new seed resets everything; data settings
    /// regenerate the points (weights kept); features, layer sizes, dropout or the loss rebuild the
    /// network keeping every weight that still fits; activations swap in place; optimizer changes
    /// recompile; learning rate and regularisation change live.
    /// </summary>
    public void Set(PlaygroundSettings settings)
    {
        settings.Validate();
        var prev = Settings;
        if (settings == prev) return;
        Settings = settings;
        Diverged = false;
        if (settings.Seed != prev.Seed)
        {
            if (_ownsData) _data.Regenerate(settings.Dataset, settings.SampleCount, settings.NoisePercent, settings.TrainPercent, settings.Seed);
            Reset();
            return;
        }
        var dataChanged = settings.Dataset != prev.Dataset || settings.Problem != prev.Problem || settings.NoisePercent != prev.NoisePercent
            || settings.TrainPercent != prev.TrainPercent || settings.SampleCount != prev.SampleCount;
        if (dataChanged && _ownsData) _data.Regenerate(settings.Dataset, settings.SampleCount, settings.NoisePercent, settings.TrainPercent, settings.Seed);
        var netChanged = settings.Features != prev.Features || settings.Dropout != prev.Dropout || settings.DropoutRate != prev.DropoutRate
            || settings.EffectiveLoss != prev.EffectiveLoss || settings.Problem != prev.Problem || !SameSizes(settings.Layers, prev.Layers);
        if (netChanged)
        {
            var oldLayer = new int[settings.Layers.Count];
            for (var l = 0; l < oldLayer.Length; l++) oldLayer[l] = l < prev.Layers.Count ? l : Fresh;
            BuildNetwork(new Rebuild(_denses, prev.Features, oldLayer, null));
        }
        else
        {
            for (var l = 0; l < settings.Layers.Count; l++)
                if (settings.Layers[l].Activation != prev.Layers[l].Activation) SwapActivation(l, settings.Layers[l].Activation);
            if (settings.Optimizer != prev.Optimizer) Compile();
            else
            {
                _model.Optimizer!.LearningRate = settings.LearningRate;
                _loss.Kind = settings.Regularization;
                _loss.Rate = settings.RegularizationRate;
            }
        }
        BuildData();
        Measure(record: false);
    }

    /// <summary>Appends a hidden layer of 2 neurons with the last layer's activation (TF's "+" button).</summary>
    public void AddLayer() => AddLayer(LayerCount, new HiddenLayer(2, LayerCount > 0 ? Settings.Layers[^1].Activation : UnaryKind.Tanh));

    /// <summary>Inserts a fresh hidden layer at <paramref name="index"/>; the other layers keep their weights.</summary>
    public void AddLayer(int index, HiddenLayer layer)
    {
        if ((uint)index > (uint)LayerCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"A layer can be inserted at 0..{LayerCount}.");
        var layers = Settings.Layers.ToList();
        layers.Insert(index, layer);
        var oldLayer = new int[layers.Count];
        for (var l = 0; l < oldLayer.Length; l++) oldLayer[l] = l < index ? l : l == index ? Fresh : l - 1;
        Restructure(layers, oldLayer, null);
    }

    /// <summary>Removes the last hidden layer.</summary>
    public void RemoveLayer() => RemoveLayer(LayerCount - 1);

    /// <summary>Removes hidden layer <paramref name="index"/>; the others keep their weights (the layer after it keeps its biases only).</summary>
    public void RemoveLayer(int index)
    {
        if ((uint)index >= (uint)LayerCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"The network has {LayerCount} hidden layers.");
        var layers = Settings.Layers.ToList();
        layers.RemoveAt(index);
        var oldLayer = new int[layers.Count];
        for (var l = 0; l < oldLayer.Length; l++) oldLayer[l] = l < index ? l : l + 1;
        Restructure(layers, oldLayer, null);
    }

    /// <summary>Adds a neuron (fresh weights) at the end of hidden layer <paramref name="layer"/>.</summary>
    public void AddNeuron(int layer) => Resize(layer, +1, -1);

    /// <summary>Removes neuron <paramref name="neuron"/> (default: the last) of hidden layer <paramref name="layer"/>.</summary>
    public void RemoveNeuron(int layer, int neuron = -1) => Resize(layer, -1, neuron);

    /// <summary>Changes the activation of hidden layer <paramref name="layer"/> in place (weights and optimizer state kept).</summary>
    public void SetActivation(int layer, UnaryKind activation)
    {
        var layers = Settings.Layers.ToArray();
        layers[layer] = layers[layer] with { Activation = activation };
        var next = Settings with { Layers = layers };
        next.Validate();
        Settings = next;
        SwapActivation(layer, activation);
        Measure(record: false);
    }

    private void Resize(int layer, int delta, int neuron)
    {
        if ((uint)layer >= (uint)LayerCount) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has {LayerCount} hidden layers.");
        var layers = Settings.Layers.ToList();
        var n = layers[layer].Neurons;
        layers[layer] = layers[layer] with { Neurons = n + delta };
        if (neuron < 0) neuron = n - 1;
        if ((uint)neuron >= (uint)n) throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"Layer {layer} has {n} neurons.");
        var oldLayer = new int[layers.Count];
        for (var l = 0; l < oldLayer.Length; l++) oldLayer[l] = l;
        var neurons = new int[layers.Count][];
        if (delta < 0)
        {
            neurons[layer] = new int[n - 1];
            for (var j = 0; j < n - 1; j++) neurons[layer][j] = j < neuron ? j : j + 1;
        }
        Restructure(layers, oldLayer, neurons);
    }

    private void Restructure(List<HiddenLayer> layers, int[] oldLayer, int[]?[]? neurons)
    {
        var next = Settings with { Layers = layers };
        next.Validate();
        var oldFeatures = Settings.Features;
        Settings = next;
        BuildNetwork(new Rebuild(_denses, oldFeatures, oldLayer, neurons));
        BuildData();
        Measure(record: false);
    }

    private static bool SameSizes(IReadOnlyList<HiddenLayer> a, IReadOnlyList<HiddenLayer> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
            if (a[i].Neurons != b[i].Neurons) return false;
        return true;
    }

    private static Activation MakeActivation(UnaryKind kind) => new(kind, kind == UnaryKind.LeakyRelu ? 0.01f : 0f);

    private void SwapActivation(int layer, UnaryKind kind)
    {
        var index = _activationIndex[layer];
        _net.RemoveAt(index);
        _net.Insert(index, MakeActivation(kind));
    }

    /// <summary>
    /// What the old network was and how the new one maps onto it: OldLayer[l] is the old hidden
    /// layer behind new hidden layer l (or <see cref="Fresh"/>); Neurons[l][j] the old neuron behind
    /// new neuron j (null = same index).
    /// </summary>
    private sealed record Rebuild(Dense[] Old, PlaygroundFeatures OldFeatures, int[] OldLayer, int[]?[]? Neurons);

    /// <summary>
    /// Builds the network of the current settings (fresh weights from the seed) and, given the old
    /// one, copies every weight whose (source neuron, target neuron) pair survived. Compiles.
    /// Layout: [Dense, Activation, Dropout?] per hidden layer, then Dense(→1) and Tanh for MSE classification.
    /// </summary>
    private void BuildNetwork(Rebuild? from)
    {
        var s = Settings;
        var h = s.Layers.Count;
        var modules = new List<Module>();
        var denses = new Dense[h + 1];
        var activationIndex = new int[h];
        var inputs = FeatureCount;
        for (var l = 0; l < h; l++)
        {
            var layer = s.Layers[l];
            denses[l] = new Dense(inputs, layer.Neurons, init: Initializers.For(layer.Activation));
            modules.Add(denses[l]);
            activationIndex[l] = modules.Count;
            modules.Add(MakeActivation(layer.Activation));
            if (s.Dropout) modules.Add(new Dropout(s.DropoutRate));
            inputs = layer.Neurons;
        }
        denses[h] = new Dense(inputs, 1);
        modules.Add(denses[h]);
        if (s.Problem == PlaygroundProblem.Classification && s.EffectiveLoss == PlaygroundLoss.MeanSquaredError) modules.Add(new Tanh());
        _net = new Sequential(modules);
        _model = new Model(_net, new Shape(FeatureCount), s.Seed, CpuBackend.Instance);
        _denses = denses;
        _activationIndex = activationIndex;
        if (from is not null) CopyWeights(from);
        Compile();
        StructureVersion++;
        _gridCaches.Clear();
    }

    private void CopyWeights(Rebuild from)
    {
        var h = _denses.Length - 1;
        var oldH = from.Old.Length - 1;
        for (var k = 0; k <= h; k++)
        {
            var oldK = k == h ? oldH : from.OldLayer[k];
            if (oldK < 0) continue;
            var oldSource = oldK == 0 ? FeaturesSource : oldK - 1;
            var newSource = k == 0 ? FeaturesSource : from.OldLayer[k - 1];
            Copy(from.Old[oldK], _denses[k], k == h ? null : from.Neurons?[k], newSource == oldSource, k == 0 ? null : from.Neurons?[k - 1], k == 0 ? from.OldFeatures : PlaygroundFeatures.None);
        }
    }

    /// <summary>Copies biases through <paramref name="cols"/> and, when the inputs correspond, weights through rows × cols (null map = same index).</summary>
    private void Copy(Dense old, Dense now, int[]? cols, bool rowsCorrespond, int[]? rows, PlaygroundFeatures oldFeatures)
    {
        var ow = old.Weight.Span;
        var nw = now.Weight.Span;
        var ob = old.Bias!.Span;
        var nb = now.Bias!.Span;
        for (var j = 0; j < now.Outputs; j++)
        {
            var oj = cols is null ? j : cols[j];
            if (oj < 0 || oj >= old.Outputs) continue;
            nb[j] = ob[oj];
            if (!rowsCorrespond) continue;
            for (var i = 0; i < now.Inputs; i++)
            {
                var oi = oldFeatures != PlaygroundFeatures.None
                    ? FeatureMap.IndexOf(oldFeatures, FeatureMap.At(Settings.Features, i))
                    : rows is null ? i : rows[i];
                if (oi < 0 || oi >= old.Inputs) continue;
                nw[i * now.Outputs + j] = ow[oi * old.Outputs + oj];
            }
        }
    }
}
