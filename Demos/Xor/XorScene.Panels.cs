using Myelin.Backends;
using Myelin.Graphics.App;
using Myelin.Graphics.Rendering;
using Myelin.Losses;

namespace Myelin.Demos.Xor;

public sealed partial class XorScene
{
    private static readonly string[] s_datasets = ["Circle", "XOR", "Gaussian", "Spiral", "Plane (regression)", "Multi-Gaussian (regression)"];
    private static readonly string[] s_activations = ["tanh", "sigmoid", "ReLU", "linear", "leaky ReLU", "swish", "GELU"];
    private static readonly string[] s_optimizers = ["SGD", "momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW"];
    private static readonly string[] s_losses = ["MSE", "cross-entropy"];
    private static readonly string[] s_regularisers = ["none", "L1", "L2"];
    private static readonly string[] s_featureNames = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"];
    private static readonly string[] s_raceNames = ["SGD", "momentum", "RMSprop", "Adam"];
    private static readonly Color32[] s_raceColors = [Color32.FromHex(0xC9D1D9), Color32.FromHex(0x3FB950), Color32.FromHex(0xDB61A2), Color32.FromHex(0x4C8DFF)];
    private int _editLayer = 1;

    private void DataPanel(SceneContext c)
    {
        var ui = c.Ui;
        var s = _playground.Settings;
        ui.BeginPanel("Data", 16, 16, 236);
        var dataset = (int)s.Dataset;
        var noise = s.NoisePercent;
        var train = s.TrainPercent;
        var batch = s.BatchSize;
        ui.Dropdown("dataset", ref dataset, s_datasets);
        ui.Slider("noise %", ref noise, 0, 50);
        ui.Slider("train %", ref train, 10, 90);
        ui.Slider("batch size", ref batch, 1, 30);
        var regenerate = ui.Button("regenerate");
        if (dataset != (int)s.Dataset || (!c.Input.IsDown(0) && (noise != s.NoisePercent || train != s.TrainPercent)) || batch != s.BatchSize || regenerate)
        {
            var ds = (PlaygroundDataset)dataset;
            var regression = ds is PlaygroundDataset.Plane or PlaygroundDataset.MultiGaussian;
            Apply(s with
            {
                Dataset = ds, NoisePercent = noise, TrainPercent = train, BatchSize = batch,
                Problem = regression ? PlaygroundProblem.Regression : PlaygroundProblem.Classification,
                Seed = regenerate ? s.Seed + 1 : s.Seed,
            });
        }
        ui.Separator();
        ui.Label("Features", c.Ui.Style.TextDim);
        for (var i = 0; i < s_featureNames.Length; i++)
        {
            var flag = (PlaygroundFeatures)(1 << i);
            var on = (s.Features & flag) != 0;
            if (ui.Toggle(s_featureNames[i], ref on))
            {
                var features = on ? s.Features | flag : s.Features & ~flag;
                if (features != PlaygroundFeatures.None) Apply(s with { Features = features });
            }
        }
        ui.Separator();
        ui.Toggle("show test data", ref _showTest);
        ui.Toggle("discretize output", ref _discretize);
        ui.EndPanel();
    }

    private void TrainingPanel(SceneContext c, float x)
    {
        var ui = c.Ui;
        var s = _playground.Settings;
        ui.BeginPanel("Training", x, 16, 1280 - x - 16);
        ui.Toggle("play", ref _playing);
        if (ui.Button("step")) Step();
        if (ui.Button("reset")) { _playground.Reset(); _race?.Reset(); _chart.Clear(); _raceChart.Clear(); }
        ui.Slider("epochs / frame", ref _stepsPerFrame, 1, 10);
        ui.Value("epoch", _playground.Epoch);
        var lr = s.LearningRate;
        var optimizer = (int)s.Optimizer;
        var loss = (int)s.Loss;
        var reg = (int)s.Regularization;
        var rate = s.RegularizationRate;
        var dropout = s.Dropout;
        ui.Slider("learning rate", ref lr, 0.001f, 1f, "F3");
        ui.Dropdown("optimizer", ref optimizer, s_optimizers);
        ui.Dropdown("loss", ref loss, s_losses);
        ui.Dropdown("regularisation", ref reg, s_regularisers);
        ui.Slider("reg. rate", ref rate, 0f, 0.03f, "F3");
        ui.Toggle("dropout (10%)", ref dropout);
        if (MathF.Abs(lr - s.LearningRate) > 1e-6f || optimizer != (int)s.Optimizer || loss != (int)s.Loss || reg != (int)s.Regularization
            || MathF.Abs(rate - s.RegularizationRate) > 1e-7f || dropout != s.Dropout)
            Apply(s with
            {
                LearningRate = MathF.Max(lr, 1e-4f), Optimizer = (PlaygroundOptimizer)optimizer, Loss = (PlaygroundLoss)loss,
                Regularization = (RegularizationKind)reg, RegularizationRate = rate, Dropout = dropout,
            });
        var race = _raceMode;
        if (ui.Toggle("optimizer race", ref race)) SetRace(race);
        ui.EndPanel();
    }

    private RectF NetworkPanel(SceneContext c, float x, float width)
    {
        var ui = c.Ui;
        var s = _playground.Settings;
        ui.BeginPanel("Network", x, 16, width);
        var layers = s.Layers.Count;
        ui.Slider("hidden layers", ref layers, 0, PlaygroundSettings.MaxLayers);
        while (layers > _playground.LayerCount) _playground.AddLayer();
        while (layers < _playground.LayerCount) _playground.RemoveLayer();
        if (_playground.LayerCount > 0)
        {
            _editLayer = Math.Clamp(_editLayer, 1, _playground.LayerCount);
            ui.Slider("edit layer", ref _editLayer, 1, Math.Max(1, _playground.LayerCount));
            var layer = _playground.Settings.Layers[_editLayer - 1];
            var neurons = layer.Neurons;
            ui.Slider("neurons", ref neurons, 1, PlaygroundSettings.MaxNeurons);
            while (neurons > _playground.Settings.Layers[_editLayer - 1].Neurons) _playground.AddNeuron(_editLayer - 1);
            while (neurons < _playground.Settings.Layers[_editLayer - 1].Neurons) _playground.RemoveNeuron(_editLayer - 1);
            var activation = IndexOf(layer.Activation);
            if (ui.Dropdown("activation", ref activation, s_activations))
                _playground.SetActivation(_editLayer - 1, PlaygroundSettings.Activations[activation]);
        }
        return ui.EndPanel();
    }

    private static int IndexOf(UnaryKind kind)
    {
        for (var i = 0; i < PlaygroundSettings.Activations.Count; i++)
            if (PlaygroundSettings.Activations[i] == kind) return i;
        return 0;
    }

    private void Apply(PlaygroundSettings settings)
    {
        _playground.Set(settings);
        if (_raceMode) SetRace(true);
    }

    private void SetRace(bool on)
    {
        _raceMode = on;
        _race = on ? new OptimizerRace(_playground.Settings, [PlaygroundOptimizer.Sgd, PlaygroundOptimizer.Momentum, PlaygroundOptimizer.RmsProp, PlaygroundOptimizer.Adam]) : null;
        _raceChart.Clear();
    }
}
