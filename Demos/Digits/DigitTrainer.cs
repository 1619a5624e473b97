using System.Diagnostics;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Training;

namespace Myelin.Demos.Digits;

/// <summary>
/// Trains a digit model a little every frame: <see cref="Update"/> runs optimizer steps
/// (<see cref="Model.TrainStep"/> on a <see cref="DataLoader"/>) until its time budget is spent.
/// At each epoch's end it evaluates the test set in chunks of a few hundred digits, inside the same
/// budget and with training paused, so the per-epoch test accuracy is exact and never stalls a
/// frame. Allocates nothing per frame.
/// </summary>
public sealed class DigitTrainer
{
    private readonly Model _model;
    private readonly Dataset _test;
    private readonly DataLoader _loader;
    private readonly Tensor _evalX;
    private readonly float[] _hostLogits, _hostLabels;
    private readonly int _evalChunk;
    private int _evalPosition = -1;
    private long _evalCorrect;

    /// <summary>Trains <paramref name="model"/> (compiled) on <paramref name="train"/>, evaluating on <paramref name="test"/>.</summary>
    public DigitTrainer(Model model, Dataset train, Dataset test, int batchSize = 64, ulong shuffleSeed = 1, int evalChunk = 250)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(evalChunk);
        _model = model;
        _test = test;
        _loader = new DataLoader(train, batchSize, shuffleSeed, backend: model.Backend);
        _evalChunk = Math.Min(evalChunk, test.Count);
        _evalX = Tensor.Zeros(new Shape(_evalChunk, 1, DigitPreprocessor.Size, DigitPreprocessor.Size), model.Backend);
        _hostLogits = new float[Math.Max(_evalChunk, _loader.BatchSize) * DigitModel.Classes];
        _hostLabels = new float[_loader.BatchSize];
    }

    /// <summary>Epochs completed.</summary>
    public int Epoch { get; private set; }
    /// <summary>Optimizer steps taken by this trainer.</summary>
    public long Steps { get; private set; }
    /// <summary>Training samples seen in the current epoch.</summary>
    public int EpochSamples { get; private set; }
    /// <summary>Training accuracy as a moving average over roughly the last 1,000 samples (NaN before the first step).</summary>
    public float RunningAccuracy { get; private set; } = float.NaN;
    /// <summary>Training loss as the same moving average.</summary>
    public float RunningLoss { get; private set; } = float.NaN;
    /// <summary>Test accuracy after the last completed epoch (NaN until the first evaluation ends).</summary>
    public float TestAccuracy { get; private set; } = float.NaN;
    /// <summary>True while the test set is being evaluated (training pauses meanwhile).</summary>
    public bool Evaluating => _evalPosition >= 0;
    /// <summary>Test digits evaluated so far in the running evaluation.</summary>
    public int Evaluated => Math.Max(0, _evalPosition);

    /// <summary>Raised when an epoch's test evaluation completes, with (epoch, test accuracy).</summary>
    public event Action<int, float>? EpochEvaluated;

    /// <summary>
    /// Trains (or evaluates, after an epoch) until <paramref name="budgetSeconds"/> have passed; at
    /// least one step or chunk runs. Returns the steps taken.
    /// </summary>
    public int Update(double budgetSeconds)
    {
        var start = Stopwatch.GetTimestamp();
        var steps = 0;
        do
        {
            if (Evaluating) EvaluateChunk();
            else if (TrainOne()) steps++;
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < budgetSeconds);
        return steps;
    }

    /// <summary>Starts evaluating the test set now (also done automatically at each epoch's end).</summary>
    public void StartEvaluation()
    {
        _evalPosition = 0;
        _evalCorrect = 0;
    }

    private bool TrainOne()
    {
        if (!_loader.Next())
        {
            Epoch++;
            EpochSamples = 0;
            _loader.StartEpoch();
            StartEvaluation();
            return false;
        }
        var loss = _model.TrainStep(_loader.X, _loader.Y);
        var n = _loader.X.Shape[0];
        var logits = _hostLogits.AsSpan(0, n * DigitModel.Classes);
        var labels = _hostLabels.AsSpan(0, n);
        _model.LastPrediction!.CopyTo(logits);
        _loader.Y.CopyTo(labels);
        var accuracy = (float)Metrics.CountCorrect(logits, DigitModel.Classes, labels, TargetKind.ClassIndex) / n;
        // Exponential moving average with a horizon of ~1,000 samples (exact mean while fewer were seen).
        var seen = Steps * _loader.BatchSize;
        var rate = Math.Max((float)n / (seen + n), n / 1000f);
        RunningAccuracy = float.IsNaN(RunningAccuracy) ? accuracy : RunningAccuracy + rate * (accuracy - RunningAccuracy);
        RunningLoss = float.IsNaN(RunningLoss) ? loss : RunningLoss + rate * (loss - RunningLoss);
        Steps++;
        EpochSamples += n;
        return true;
    }

    private void EvaluateChunk()
    {
        var n = Math.Min(_evalChunk, _test.Count - _evalPosition);
        var pixels = _test.SampleShape.Length;
        _evalX.Resize(_evalX.Shape.WithDim(0, n));
        _evalX.CopyFrom(_test.Inputs.AsSpan(_evalPosition * pixels, n * pixels));
        var logits = _hostLogits.AsSpan(0, n * DigitModel.Classes);
        _model.Predict(_evalX).CopyTo(logits);
        _evalCorrect += Metrics.CountCorrect(logits, DigitModel.Classes, _test.Targets.AsSpan(_evalPosition, n), TargetKind.ClassIndex);
        _evalPosition += n;
        if (_evalPosition < _test.Count) return;
        TestAccuracy = (float)_evalCorrect / _test.Count;
        _evalPosition = -1;
        EpochEvaluated?.Invoke(Epoch, TestAccuracy);
    }
}
