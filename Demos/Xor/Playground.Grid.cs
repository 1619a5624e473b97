using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Demos.Xor;

public sealed partial class Playground
{
    private readonly Dictionary<int, GridCache> _gridCaches = [];
    private readonly Tape _gridTape = new();

    /// <summary>
    /// The centre of grid cell <paramref name="index"/> of a resolution×resolution grid over
    /// [−6, 6]²: row-major, row 0 at the top (y = +6), column 0 at the left (x = −6) — texture order, y down.
    /// </summary>
    public static (float X, float Y) GridPoint(int resolution, int index)
    {
        var cell = 2f * PlaygroundData.Radius / resolution;
        var row = index / resolution;
        var col = index - row * resolution;
        return (-PlaygroundData.Radius + (col + 0.5f) * cell, PlaygroundData.Radius - (row + 0.5f) * cell);
    }

    /// <summary>
    /// The feature-transformed grid, (resolution², F) on the CPU backend, in <see cref="GridPoint"/>
    /// order; built once per resolution and network structure (valid until <see cref="StructureVersion"/> changes).
    /// Upload it once to run a <see cref="ModelCopyFor"/> copy on another backend.
    /// </summary>
    public Tensor GridInputs(int resolution) => Grid(resolution).Inputs;

    /// <summary>The score s ∈ [−1, 1] (regression: the value) over the grid into <paramref name="output"/>[0..resolution²). Allocates nothing after the first call per resolution.</summary>
    public void EvaluateGrid(int resolution, Span<float> output)
    {
        var grid = Grid(resolution);
        var p = resolution * resolution;
        if (output.Length < p) throw new ArgumentException($"EvaluateGrid: {resolution}² = {p} values do not fit in {output.Length}.", nameof(output));
        _model.Predict(grid.Inputs).CopyTo(output[..p]);
        if (Settings.EffectiveLoss == PlaygroundLoss.CrossEntropy)
            for (var i = 0; i < p; i++) output[i] = MathF.Tanh(0.5f * output[i]);
    }

    /// <summary>
    /// Runs the network over the grid once, keeping every hidden neuron's activation (the mini
    /// heat-maps) and the output score; read them with <see cref="NeuronGrid"/>. Allocates nothing
    /// after the first call per resolution and structure.
    /// </summary>
    public void EvaluateNeuronGrids(int resolution)
    {
        var grid = Grid(resolution);
        grid.EnsureNeuronBuffers(Settings.Layers);
        var p = resolution * resolution;
        using var active = _gridTape.Activate();
        _gridTape.Reset();
        var wasTraining = _net.IsTraining;
        _net.Eval();
        try
        {
            using var noGrad = Tape.NoGrad();
            var x = grid.Inputs;
            var layers = _net.Layers;
            var hidden = 0;
            for (var i = 0; i < layers.Count; i++)
            {
                x = layers[i].Forward(x);
                if (hidden < _activationIndex.Length && i == _activationIndex[hidden])
                {
                    Transpose(x.Span, grid.Neurons[hidden], p, Settings.Layers[hidden].Neurons);
                    hidden++;
                }
            }
            var output = grid.Neurons[^1];
            x.Span.CopyTo(output);
            if (Settings.EffectiveLoss == PlaygroundLoss.CrossEntropy)
                for (var i = 0; i < p; i++) output[i] = MathF.Tanh(0.5f * output[i]);
        }
        finally
        {
            _net.Train(wasTraining);
        }
    }

    /// <summary>
    /// Neuron <paramref name="neuron"/> of hidden layer <paramref name="layer"/> over the grid, as of the last
    /// <see cref="EvaluateNeuronGrids"/>; layer = <see cref="LayerCount"/> is the output score.
    /// </summary>
    public ReadOnlySpan<float> NeuronGrid(int resolution, int layer, int neuron)
    {
        var p = resolution * resolution;
        var buffers = Grid(resolution).Neurons;
        if ((uint)layer >= (uint)buffers.Length) throw new InvalidOperationException($"Call EvaluateNeuronGrids({resolution}) first (layer {layer} of {LayerCount} hidden + output).");
        return buffers[layer].AsSpan(neuron * p, p);
    }

    /// <summary>Input feature <paramref name="feature"/> (position among the selected ones) over the grid.</summary>
    public ReadOnlySpan<float> FeatureGrid(int resolution, int feature)
    {
        var p = resolution * resolution;
        return Grid(resolution).Features.AsSpan(feature * p, p);
    }

    /// <summary>Weights of dense layer <paramref name="layer"/> (0..H, H = output), (I, O) row-major: [from·O + to].</summary>
    public ReadOnlySpan<float> Weights(int layer) => _denses[layer].Weight.Span;

    /// <summary>Biases of dense layer <paramref name="layer"/> (0..H, H = output), one per target neuron.</summary>
    public ReadOnlySpan<float> Biases(int layer) => _denses[layer].Bias!.Span;

    /// <summary>
    /// A new model with this network's architecture on <paramref name="backend"/>, weights synced;
    /// its output is the score s (cross-entropy networks get Scale(½) and Tanh appended). Remake it
    /// when <see cref="StructureVersion"/> changes; refresh it with <see cref="SyncWeightsTo"/>.
    /// </summary>
    public Model ModelCopyFor(IBackend backend)
    {
        var copy = (Sequential)LayerRegistry.Create(_net.Spec);
        if (Settings.EffectiveLoss == PlaygroundLoss.CrossEntropy)
        {
            copy.Add(new Activation(UnaryKind.Scale, 0.5f));
            copy.Add(new Tanh());
        }
        var model = new Model(copy, new Shape(FeatureCount), Settings.Seed, backend);
        SyncWeightsTo(model);
        return model;
    }

    /// <summary>Uploads the current weights into a copy from <see cref="ModelCopyFor"/> (a few hundred floats; no allocation on host backends).</summary>
    public void SyncWeightsTo(Model copy)
    {
        var source = _model.Parameters;
        var target = copy.Parameters;
        if (source.Count != target.Count) throw new InvalidOperationException($"The copy has {target.Count} parameter tensors, the playground {source.Count}: the structure changed; call ModelCopyFor again.");
        for (var i = 0; i < source.Count; i++)
        {
            if (source[i].Shape != target[i].Shape) throw new InvalidOperationException($"Parameter {i} is {source[i].Shape} here but {target[i].Shape} in the copy: the structure changed; call ModelCopyFor again.");
            target[i].CopyFrom(source[i].Span);
        }
    }

    private GridCache Grid(int resolution)
    {
        if (resolution is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Grid resolution must be 1..1024.");
        if (_gridCaches.TryGetValue(resolution, out var grid)) return grid;
        grid = new GridCache(resolution, Settings.Features);
        _gridCaches[resolution] = grid;
        return grid;
    }

    // source:(P,N) row-major → destination:(N,P)
    private static void Transpose(ReadOnlySpan<float> source, float[] destination, int p, int n)
    {
        for (var i = 0; i < p; i++)
            for (var j = 0; j < n; j++) destination[j * p + i] = source[i * n + j];
    }

    /// <summary>One resolution's grid: inputs (P,F), feature maps (F,P), and per-layer neuron maps (N_l,P) plus the output (P).</summary>
    private sealed class GridCache
    {
        public GridCache(int resolution, PlaygroundFeatures features)
        {
            var p = resolution * resolution;
            var f = FeatureMap.Count(features);
            var x = new float[p * f];
            Features = new float[f * p];
            for (var i = 0; i < p; i++)
            {
                var (gx, gy) = GridPoint(resolution, i);
                FeatureMap.Apply(features, gx, gy, x.AsSpan(i * f, f));
            }
            Transpose(x, Features, p, f);
            Inputs = Tensor.FromArray(x, new Shape(p, f), CpuBackend.Instance);
            P = p;
        }

        public int P { get; }
        public Tensor Inputs { get; }
        public float[] Features { get; }
        public float[][] Neurons { get; private set; } = [];

        public void EnsureNeuronBuffers(IReadOnlyList<HiddenLayer> layers)
        {
            if (Neurons.Length == layers.Count + 1) return;
            Neurons = new float[layers.Count + 1][];
            for (var l = 0; l < layers.Count; l++) Neurons[l] = new float[layers[l].Neurons * P];
            Neurons[^1] = new float[P];
        }
    }
}
