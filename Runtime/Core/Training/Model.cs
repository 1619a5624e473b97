using System.Diagnostics;
using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;

namespace Myelin.Training;

/// <summary>
/// A network with its input shape, backend, seed, optimizer and loss: the Keras-shaped API
/// (<see cref="Compile"/>, <see cref="Fit"/>, <see cref="Evaluate"/>, <see cref="Predict(Tensor)"/>,
/// <see cref="Summary"/>). <see cref="TrainStep"/> is one optimizer step, for game loops that
/// train a little every frame. Steady-state steps and predictions allocate nothing.
/// </summary>
public sealed partial class Model
{
    private readonly Tape _trainTape = new();
    private readonly Tape _inferTape = new();
    private Tensor? _sampleInput;
    private float[] _hostPrediction = [];
    private float[] _hostTarget = [];

    /// <summary>
    /// Wraps <paramref name="network"/>, which takes inputs of <paramref name="sampleShape"/> (one
    /// sample, without the batch axis). Parameters are initialised from <paramref name="seed"/>
    /// and moved to <paramref name="backend"/> (default backend when null).
    /// </summary>
    public Model(Module network, Shape sampleShape, ulong seed = 0, IBackend? backend = null)
    {
        Network = network;
        SampleShape = sampleShape;
        Seed = seed;
        Backend = backend ?? Tensor.DefaultBackend;
        network.OutputShape(DataLoader.Batched(sampleShape, 1)); // validates the architecture early
        network.Initialize(new Rng(seed));
        network.To(Backend);
    }

    /// <summary>The layers.</summary>
    public Module Network { get; }
    /// <summary>Shape of one input sample.</summary>
    public Shape SampleShape { get; }
    /// <summary>Seed used for initialisation (and dropout masks).</summary>
    public ulong Seed { get; }
    /// <summary>Where parameters and activations live.</summary>
    public IBackend Backend { get; private set; }
    /// <summary>The optimizer set by <see cref="Compile"/>.</summary>
    public Optimizer? Optimizer { get; private set; }
    /// <summary>The loss set by <see cref="Compile"/>.</summary>
    public Loss? Loss { get; private set; }
    /// <summary>Loss of the last training step (host copy).</summary>
    public float LastLoss { get; private set; } = float.NaN;
    /// <summary>Optimizer steps taken.</summary>
    public int Steps => Optimizer?.Steps ?? 0;

    /// <summary>All trainable tensors.</summary>
    public IReadOnlyList<Tensor> Parameters => Network.Parameters;

    /// <summary>Sets how the model learns. <paramref name="optimizer"/> receives the parameters.</summary>
    public Model Compile(Func<IReadOnlyList<Tensor>, Optimizer> optimizer, Loss loss)
    {
        Optimizer = optimizer(Network.Parameters);
        Loss = loss;
        return this;
    }

    /// <summary>Moves the model (parameters and optimizer state on the next step) to another backend.</summary>
    public void To(IBackend backend)
    {
        Network.To(backend);
        Backend = backend;
        _sampleInput = null;
    }

    /// <summary>
    /// One optimizer step on a batch already on the model's backend: forward, loss, backward,
    /// update. Returns the loss. A non-finite loss (before the backward pass), a non-finite gradient or
    /// an update that would make a weight or optimizer state non-finite throws
    /// <see cref="TrainingDivergedException"/> and leaves the weights, the optimizer state and
    /// <see cref="Steps"/> untouched, so training can go on.
    /// </summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        var (optimizer, loss) = Compiled();
        using var active = _trainTape.Activate();
        _trainTape.Reset();
        Network.Train();
        var prediction = Network.Forward(x);
        var l = loss.Compute(prediction, y);
        var value = l.Item();
        if (!float.IsFinite(value))
            throw new TrainingDivergedException($"The loss became {value} at step {optimizer.Steps + 1}; the weights were left at their last good values. Lower the learning rate (now {optimizer.CurrentLearningRate}) or set ClipNorm.", optimizer.Steps + 1);
        optimizer.ZeroGrad();
        _trainTape.Backward(l);
        optimizer.Step();
        LastLoss = value;
        LastPrediction = prediction;
        return value;
    }

    /// <summary>The network output of the last <see cref="TrainStep"/> (valid until the next step).</summary>
    public Tensor? LastPrediction { get; private set; }

    /// <summary>Trains for <see cref="FitOptions.Epochs"/> epochs and returns the per-epoch history.</summary>
    public IReadOnlyList<EpochResult> Fit(Dataset train, FitOptions? options = null)
    {
        options ??= new FitOptions();
        var (_, loss) = Compiled();
        CheckDataset(train);
        if (options.Validation is { } v) CheckDataset(v);
        var loader = new DataLoader(train, Math.Min(options.BatchSize, train.Count), options.ShuffleSeed, backend: Backend);
        var history = new List<EpochResult>();
        var best = float.PositiveInfinity;
        var sinceBest = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            loader.StartEpoch();
            double lossSum = 0;
            long correct = 0, seen = 0;
            while (loader.Next())
            {
                var n = loader.X.Shape[0];
                var stepLoss = TrainStep(loader.X, loader.Y);
                lossSum += stepLoss * n;
                seen += n;
                correct += CountCorrect(LastPrediction!, loader.Y, loss.Targets);
                options.OnBatchEnd?.Invoke(Steps, stepLoss);
            }
            var accuracy = loss.Targets == TargetKind.Values ? float.NaN : (float)correct / seen;
            var val = options.Validation is { } vd ? Evaluate(vd) : new Evaluation(float.NaN, float.NaN, 0);
            var result = new EpochResult(epoch, (float)(lossSum / seen), accuracy, val.Loss, val.Accuracy, clock.Elapsed.TotalSeconds);
            history.Add(result);
            var keepGoing = options.OnEpochEnd?.Invoke(result) ?? true;
            if (!keepGoing) break;
            if (options.EarlyStoppingPatience is { } patience)
            {
                var monitored = float.IsNaN(result.ValidationLoss) ? result.Loss : result.ValidationLoss;
                if (monitored < best - options.EarlyStoppingMinDelta) { best = monitored; sinceBest = 0; }
                else if (++sinceBest >= patience) break;
            }
        }
        return history;
    }

    /// <summary>Mean loss and accuracy over <paramref name="data"/>, in evaluation mode, no gradients.</summary>
    public Evaluation Evaluate(Dataset data, int batchSize = 256)
    {
        var (_, loss) = Compiled();
        CheckDataset(data);
        var loader = new DataLoader(data, batchSize, seed: null, backend: Backend);
        double lossSum = 0;
        long correct = 0, seen = 0;
        using var active = _inferTape.Activate();
        var wasTraining = Network.IsTraining;
        Network.Eval();
        try
        {
            while (loader.Next())
            {
                using var scope = Tape.NoGrad();
                var n = loader.X.Shape[0];
                var prediction = Network.Forward(loader.X);
                lossSum += loss.Compute(prediction, loader.Y).Item() * n;
                correct += CountCorrect(prediction, loader.Y, loss.Targets);
                seen += n;
            }
        }
        finally
        {
            Network.Train(wasTraining);
        }
        return new Evaluation((float)(lossSum / seen), loss.Targets == TargetKind.Values ? float.NaN : (float)correct / seen, (int)seen);
    }

    /// <summary>
    /// Runs the network on a batch in evaluation mode without recording gradients. The result is
    /// owned by the model and valid until the next prediction.
    /// </summary>
    public Tensor Predict(Tensor x)
    {
        using var active = _inferTape.Activate();
        _inferTape.Reset();
        using var scope = Tape.NoGrad();
        // Switching modes walks every layer twice: skip it when no layer behaves differently (a game's MLP).
        if (!Network.DependsOnMode) return Network.Forward(x);
        var wasTraining = Network.IsTraining;
        Network.Eval();
        try
        {
            return Network.Forward(x);
        }
        finally
        {
            Network.Train(wasTraining);
        }
    }

    /// <summary>Predicts one sample from host memory into <paramref name="output"/>; allocates nothing after the first call.</summary>
    public void Predict(ReadOnlySpan<float> sample, Span<float> output)
    {
        if (sample.Length != SampleShape.Length)
            throw new ArgumentException($"Predict: a sample has {SampleShape.Length} values (shape {SampleShape}); got {sample.Length}.", nameof(sample));
        _sampleInput ??= Tensor.Zeros(DataLoader.Batched(SampleShape, 1), Backend);
        _sampleInput.CopyFrom(sample);
        var y = Predict(_sampleInput);
        if (output.Length < y.Length)
            throw new ArgumentException($"Predict: the output needs {y.Length} values; the span holds {output.Length}.", nameof(output));
        y.CopyTo(output);
    }

    /// <summary>Number of correct predictions in a batch, by the rule of the loss's target kind.</summary>
    private long CountCorrect(Tensor prediction, Tensor target, TargetKind kind)
    {
        if (kind == TargetKind.Values) return 0;
        if (_hostPrediction.Length < prediction.Length) _hostPrediction = new float[prediction.Length];
        if (_hostTarget.Length < target.Length) _hostTarget = new float[target.Length];
        var p = _hostPrediction.AsSpan(0, prediction.Length);
        var t = _hostTarget.AsSpan(0, target.Length);
        prediction.CopyTo(p);
        target.CopyTo(t);
        return Metrics.CountCorrect(p, prediction.Shape.Columns, t, kind, BinaryThreshold);
    }

    /// <summary>Decision threshold for binary targets: 0 for logits (BCE), 0.5 for sigmoid outputs (MSE).</summary>
    private float BinaryThreshold => Loss is BinaryCrossEntropy or RegularizedLoss { Inner: BinaryCrossEntropy } ? 0f : 0.5f;

    private (Optimizer, Loss) Compiled() => Optimizer is { } o && Loss is { } l
        ? (o, l)
        : throw new InvalidOperationException("Call Compile(optimizer, loss) before training or evaluating the model.");

    private void CheckDataset(Dataset data)
    {
        if (data.SampleShape != SampleShape)
            throw new ArgumentException($"Dataset '{data.Name}' has samples of shape {data.SampleShape}, but the model takes {SampleShape}.");
    }
}
