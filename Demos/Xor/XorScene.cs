using Myelin.Backends;
using Myelin.Graphics;
using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using Myelin.Losses;
using Myelin.Training;
using Silk.NET.OpenGL;

namespace Myelin.Demos.Xor;

/// <summary>
/// The 2-D decision-boundary playground (TensorFlow Playground class, and beyond): data sets,
/// features, layers and neurons edited live, activations per layer, optimizers, losses,
/// regularisation, dropout, painted points, each neuron's own heatmap, weights drawn as links, and an
/// optimizer race. The big boundary is evaluated every frame by the GL compute backend straight into
/// its texture — no readback — whichever backend trains.
/// </summary>
public sealed partial class XorScene : IScene
{
    internal const int OutputResolution = 96;
    private const int NeuronResolution = 24;
    private static readonly Color32 Positive = Color32.FromHex(0x2F7FD8);
    private static readonly Color32 Negative = Color32.FromHex(0xF59322);

    private readonly PlaygroundSettings _initial;
    private readonly LineChart _chart = new(300) { Title = "Loss", XLabel = "epoch", YLabel = "loss" };
    private readonly LineChart _raceChart = new(300) { Title = "Loss", XLabel = "epoch", YLabel = "loss" };
    private readonly TextBuilder _text = new();
    private readonly float[] _upload = new float[OutputResolution * OutputResolution];
    private Playground _playground = null!;
    private OptimizerRace? _race;
    private GlComputeBackend _gpu = null!;
    private GridToTexture _toTexture = null!;
    private Texture2D _output = null!;
    private Texture2D[] _neuronTextures = [];
    private Texture2D[] _raceTextures = [];
    private Model? _gpuCopy;
    private Tensor? _gpuGrid;
    private int _copyVersion = -1;
    private int _trainSeries, _testSeries;
    private readonly int[] _raceSeries = new int[4];
    private bool _playing = true, _showTest, _discretize, _raceMode;
    private int _stepsPerFrame = 1;

    /// <summary>Creates the scene with TensorFlow Playground's defaults, or <paramref name="settings"/>.</summary>
    public XorScene(PlaygroundSettings? settings = null) => _initial = settings ?? new PlaygroundSettings { Dataset = PlaygroundDataset.Xor };

    /// <inheritdoc />
    public string Name => "xor";

    /// <inheritdoc />
    public string Description => "TensorFlow-Playground-class decision boundaries: data, features, layers, activations, optimizers, live.";

    /// <summary>Laid out for 1280×720; other sizes get it scaled to fit.</summary>
    public (int Width, int Height) DesignSize => (1280, 720);

    /// <summary>The playground being trained (for tests and tools).</summary>
    public Playground Playground => _playground;

    /// <inheritdoc />
    public IReadOnlyList<SceneMetric> Metrics =>
    [
        new("epoch", _playground.Epoch), new("train_loss", _playground.TrainLoss), new("test_loss", _playground.TestLoss),
        new("train_accuracy", _playground.TrainAccuracy), new("test_accuracy", _playground.TestAccuracy),
        new("layers", _playground.LayerCount), new("parameters", _playground.ParameterCount),
        new("train_points", _playground.Data.Train.Count), new("race", _raceMode ? 1 : 0),
    ];

    /// <inheritdoc />
    public void Load(SceneContext context)
    {
        _playground = new Playground(_initial);
        _gpu = context.Compute;
        _toTexture = new GridToTexture(_gpu);
        _output = new Texture2D(context.Gl, OutputResolution, OutputResolution, SizedInternalFormat.R32f);
        _output.SetLinearFiltering(true);
        var count = 7 + PlaygroundSettings.MaxLayers * PlaygroundSettings.MaxNeurons + 1;
        _neuronTextures = new Texture2D[count];
        for (var i = 0; i < count; i++) _neuronTextures[i] = new Texture2D(context.Gl, NeuronResolution, NeuronResolution, SizedInternalFormat.R32f);
        _raceTextures = new Texture2D[4];
        for (var i = 0; i < 4; i++)
        {
            _raceTextures[i] = new Texture2D(context.Gl, OutputResolution, OutputResolution, SizedInternalFormat.R32f);
            _raceTextures[i].SetLinearFiltering(true);
        }
        _trainSeries = _chart.AddSeries("train", Color32.FromHex(0xC9D1D9));
        _testSeries = _chart.AddSeries("test", Negative);
        for (var i = 0; i < 4; i++) _raceSeries[i] = _raceChart.AddSeries(s_raceNames[i], s_raceColors[i]);
    }

    /// <inheritdoc />
    public void Update(in FrameInfo frame, InputState input)
    {
        if (!_playing) return;
        for (var i = 0; i < _stepsPerFrame; i++) Step();
    }

    private void Step()
    {
        if (_raceMode && _race is { } race)
        {
            race.Step();
            for (var i = 0; i < 4; i++) _raceChart.Push(_raceSeries[i], race.Lanes[i].TrainLoss);
        }
        _playground.Step();
        _chart.Push(_trainSeries, _playground.TrainLoss);
        _chart.Push(_testSeries, _playground.TestLoss);
    }

    /// <summary>Evaluates the boundary on the GL compute backend into the output texture (no readback).</summary>
    private void EvaluateOnGpu()
    {
        if (_gpuCopy is null || _copyVersion != _playground.StructureVersion)
        {
            foreach (var t in _gpuCopy?.Network.State() ?? []) t.Storage.Dispose();
            _gpuGrid?.Storage.Dispose();
            _gpuCopy = _playground.ModelCopyFor(_gpu);
            _gpuGrid = _playground.GridInputs(OutputResolution).To(_gpu);
            _copyVersion = _playground.StructureVersion;
        }
        _playground.SyncWeightsTo(_gpuCopy);
        _toTexture.Copy(_gpuCopy.Predict(_gpuGrid!), _output);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _output?.Dispose();
        foreach (var t in _neuronTextures) t.Dispose();
        foreach (var t in _raceTextures) t.Dispose();
        _toTexture?.Dispose();
    }
}
