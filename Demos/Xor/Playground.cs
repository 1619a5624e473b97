using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Demos.Xor;

/// <summary>
/// The model side of a TensorFlow-Playground scene: data on the plane [−6, 6]², a feature map, an
/// MLP (a <see cref="Model"/> over a <see cref="Sequential"/>) and its training, driven one epoch
/// at a time by <see cref="Step"/>. Structure edits keep training and keep the weights that still fit.
/// <para>
/// Encoding. Labels are ±1 (TF's choice); regression targets lie in [−1, 1]. Every network
/// yields a score s: classification with MSE ends in tanh and trains s against ±1 (TF's scheme);
/// with cross-entropy it ends in a logit z trained by <see cref="BinaryCrossEntropy"/> against
/// (label+1)/2, and s = tanh(z/2) = 2σ(z) − 1; regression ends linear, MSE against the value.
/// The predicted class is +1 when s ≥ 0. Reported losses are the data term only (no penalty),
/// over the whole train/test set after each epoch, computed on the host in double.
/// </para>
/// <para>
/// Everything runs on the CPU backend; after warm-up <see cref="Step"/>, <see cref="EvaluateGrid"/>
/// and <see cref="EvaluateNeuronGrids"/> allocate nothing.
/// </para>
/// </summary>
public sealed partial class Playground
{
    private readonly bool _ownsData;
    private readonly PlaygroundData _data;
    private int _dataVersion;
    private Model _model = null!;
    private Sequential _net = null!;
    private Dense[] _denses = [];
    private int[] _activationIndex = [];
    private RegularizedLoss _loss = null!;
    private DataLoader _loader = null!;
    private Tensor _xTrain = null!, _xTest = null!;
    private float[] _labelTrain = [], _labelTest = [], _prediction = [];

    /// <summary>Creates a playground with its own data from <paramref name="settings"/>.</summary>
    public Playground(PlaygroundSettings? settings = null) : this(settings ?? new PlaygroundSettings(), null) { }

    /// <summary>Creates a playground on shared <paramref name="data"/> (an optimizer race), or its own when null.</summary>
    internal Playground(PlaygroundSettings settings, PlaygroundData? data)
    {
        settings.Validate();
        Settings = settings;
        _ownsData = data is null;
        _data = data ?? Generate(settings);
        BuildNetwork(null);
        BuildData();
        Measure();
    }

    /// <summary>The current settings.</summary>
    public PlaygroundSettings Settings { get; private set; }
    /// <summary>The points (train and test).</summary>
    public PlaygroundData Data => _data;
    /// <summary>The trained model (CPU backend). Rebuilt by structure edits: see <see cref="StructureVersion"/>.</summary>
    public Model Model => _model;
    /// <summary>Bumped whenever the network object is rebuilt (copies from <see cref="ModelCopyFor"/> must be remade).</summary>
    public int StructureVersion { get; private set; }
    /// <summary>Epochs trained since the last reset.</summary>
    public int Epoch { get; private set; }
    /// <summary>Data loss over the training set.</summary>
    public float TrainLoss { get; private set; }
    /// <summary>Data loss over the test set (NaN without test points).</summary>
    public float TestLoss { get; private set; }
    /// <summary>Share of training points classified right (NaN for regression).</summary>
    public float TrainAccuracy { get; private set; }
    /// <summary>Share of test points classified right (NaN for regression or without test points).</summary>
    public float TestAccuracy { get; private set; }
    /// <summary>True after the loss became NaN/∞; training stops until <see cref="Reset"/> or <see cref="Set"/>.</summary>
    public bool Diverged { get; private set; }
    /// <summary>The curves for the chart, one point per epoch (epoch 0 = before training).</summary>
    public PlaygroundHistory History { get; } = new();

    /// <summary>Trains <paramref name="epochs"/> passes over the training set in mini-batches, then measures.</summary>
    public void Step(int epochs = 1)
    {
        for (var e = 0; e < epochs && !Diverged; e++)
        {
            if (_data.Version != _dataVersion) BuildData();
            _loader.StartEpoch();
            try
            {
                while (_loader.Next()) _model.TrainStep(_loader.X, _loader.Y);
            }
            catch (TrainingDivergedException)
            {
                Diverged = true;
            }
            Epoch++;
            Measure();
        }
    }

    /// <summary>Back to epoch 0: fresh weights from the seed, optimizer state and history cleared; the data (and painted points) stay.</summary>
    public void Reset()
    {
        Epoch = 0;
        Diverged = false;
        History.Clear();
        BuildNetwork(null);
        BuildData();
        Measure();
    }

    /// <summary>Adds a painted training point; a class for classification (sign of <paramref name="label"/>), a value in [−1, 1] for regression.</summary>
    public void AddPoint(float x, float y, float label)
    {
        var l = Settings.Problem == PlaygroundProblem.Classification ? (label >= 0f ? 1f : -1f) : Math.Clamp(label, -1f, 1f);
        _data.AddTrain(new PlaygroundPoint(x, y, l));
        BuildData();
        Measure(record: false);
    }

    private static PlaygroundData Generate(PlaygroundSettings s) =>
        PlaygroundData.Generate(s.Dataset, s.SampleCount, s.NoisePercent, s.TrainPercent, s.Seed);

    /// <summary>The target the network trains on for a label (see the encoding in the class summary).</summary>
    private float Encode(float label) => Settings.EffectiveLoss == PlaygroundLoss.CrossEntropy ? (label + 1f) * 0.5f : label;

    /// <summary>Featurises the points: the training loader, the full train/test inputs and the host labels.</summary>
    private void BuildData()
    {
        var f = FeatureCount;
        (_xTrain, _labelTrain, var targets) = Featurize(_data.Train, f);
        (_xTest, _labelTest, _) = Featurize(_data.Test, f);
        var train = new Dataset(_xTrain.ToArray(), new Shape(f), targets, new Shape(1), "playground-train");
        _loader = new DataLoader(train, Settings.BatchSize, Settings.Seed, backend: _model.Backend);
        _prediction = new float[Math.Max(_labelTrain.Length, _labelTest.Length)];
        _dataVersion = _data.Version;
    }

    private (Tensor X, float[] Labels, float[] Targets) Featurize(IReadOnlyList<PlaygroundPoint> points, int f)
    {
        var n = points.Count;
        var x = new float[n * f];
        var labels = new float[n];
        var targets = new float[n];
        for (var i = 0; i < n; i++)
        {
            var p = points[i];
            FeatureMap.Apply(Settings.Features, p.X, p.Y, x.AsSpan(i * f, f));
            labels[i] = p.Label;
            targets[i] = Encode(p.Label);
        }
        return (Tensor.FromArray(x, new Shape(n, f), _model.Backend), labels, targets);
    }

    /// <summary>Loss and accuracy over both sets, then (at an epoch's end) one history point.</summary>
    private void Measure(bool record = true)
    {
        (TrainLoss, TrainAccuracy) = Score(_xTrain, _labelTrain);
        (TestLoss, TestAccuracy) = Score(_xTest, _labelTest);
        if (record) History.Record(Epoch, TrainLoss, TestLoss, TrainAccuracy, TestAccuracy);
    }

    private (float Loss, float Accuracy) Score(Tensor x, float[] labels)
    {
        var n = labels.Length;
        if (n == 0) return (float.NaN, float.NaN);
        var output = _prediction.AsSpan(0, n);
        _model.Predict(x).CopyTo(output);
        var crossEntropy = Settings.EffectiveLoss == PlaygroundLoss.CrossEntropy;
        double loss = 0;
        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            double o = output[i], label = labels[i];
            if (crossEntropy)
            {
                var t = (label + 1) * 0.5;
                loss += Math.Max(o, 0) - o * t + Math.Log(1 + Math.Exp(-Math.Abs(o)));
            }
            else loss += (o - label) * (o - label);
            if ((o >= 0) == (label >= 0)) correct++;
        }
        var accuracy = Settings.Problem == PlaygroundProblem.Classification ? (float)correct / n : float.NaN;
        return ((float)(loss / n), accuracy);
    }

    /// <summary>Creates the optimizer and the (regularised) loss for the current network.</summary>
    private void Compile()
    {
        var s = Settings;
        Loss inner = s.EffectiveLoss == PlaygroundLoss.CrossEntropy ? new BinaryCrossEntropy() : new MeanSquaredError(
            s.Problem == PlaygroundProblem.Classification ? TargetKind.Binary : TargetKind.Values);
        var weights = new Tensor[_denses.Length];
        for (var i = 0; i < weights.Length; i++) weights[i] = _denses[i].Weight;
        _loss = new RegularizedLoss(inner, weights, s.Regularization, s.RegularizationRate);
        _model.Compile(p => CreateOptimizer(s.Optimizer, p, s.LearningRate), _loss);
    }

    /// <summary>The optimizer of <paramref name="kind"/> over <paramref name="parameters"/>.</summary>
    public static Optimizer CreateOptimizer(PlaygroundOptimizer kind, IReadOnlyList<Tensor> parameters, float learningRate) => kind switch
    {
        PlaygroundOptimizer.Sgd => new Sgd(parameters, learningRate),
        PlaygroundOptimizer.Momentum => new Sgd(parameters, learningRate, momentum: 0.9f),
        PlaygroundOptimizer.Nesterov => new Sgd(parameters, learningRate, momentum: 0.9f, nesterov: true),
        PlaygroundOptimizer.Adagrad => new Adagrad(parameters, learningRate),
        PlaygroundOptimizer.RmsProp => new RmsProp(parameters, learningRate),
        PlaygroundOptimizer.Adam => new Adam(parameters, learningRate),
        PlaygroundOptimizer.AdamW => new AdamW(parameters, learningRate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };

}
