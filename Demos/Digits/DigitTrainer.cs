using System.Diagnostics;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Training;

namespace Myelin.Demos.Digits;

/// <summary>
/// Trains a digit model a little at a time: <see cref="Update"/> runs optimizer steps
/// (<see cref="Model.TrainStep"/> on a <see cref="DataLoader"/>) while the next one is expected to
/// fit in its time budget; <see cref="Advance"/> runs exactly one. At each epoch's end it evaluates
/// the test set in chunks of a few hundred digits, with training paused, so the per-epoch test
/// accuracy (and its confusion matrix and misclassified digits) is exact and never stalls a frame.
/// Allocates nothing per step.
/// </summary>
public sealed class DigitTrainer
{
    private readonly Model _model;
    private readonly Dataset _test;
    private readonly DataLoader _loader;
    private readonly Tensor _evalX;
    private readonly float[] _hostLogits, _hostLabels;
    private readonly int _evalChunk;
    private readonly int[] _confusion = new int[DigitModel.Classes * DigitModel.Classes];
    private readonly int[] _workConfusion = new int[DigitModel.Classes * DigitModel.Classes];
    private readonly int[] _misclassified, _misclassifiedAs, _workMisclassified, _workMisclassifiedAs;
    private int _misclassifiedCount, _workMisclassifiedCount;
    private int _evalPosition = -1;
    private long _evalCorrect;
    private double _stepSeconds, _chunkSeconds; // moving averages, to keep to a budget

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
        _misclassified = new int[test.Count];
        _misclassifiedAs = new int[test.Count];
        _workMisclassified = new int[test.Count];
        _workMisclassifiedAs = new int[test.Count];
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

    /// <summary>Completed test evaluations (each epoch's, and each <see cref="StartEvaluation"/>'s).</summary>
    public int Evaluations { get; private set; }

    /// <summary>The last completed evaluation's confusion matrix: (true digit, predicted digit) counts, 10×10 row-major.</summary>
    public ReadOnlySpan<int> Confusion => _confusion;
    /// <summary>The test indices the last completed evaluation got wrong, in test order.</summary>
    public ReadOnlySpan<int> Misclassified => _misclassified.AsSpan(0, _misclassifiedCount);
    /// <summary>What each of <see cref="Misclassified"/> was taken for.</summary>
    public ReadOnlySpan<int> MisclassifiedAs => _misclassifiedAs.AsSpan(0, _misclassifiedCount);

    /// <summary>Raised when an epoch's test evaluation completes, with (epoch, test accuracy).</summary>
    public event Action<int, float>? EpochEvaluated;

    /// <summary>
    /// Trains (or evaluates, after an epoch) while the next step or chunk is expected to end within
    /// <paramref name="budgetSeconds"/> of the call, by the moving average of their past durations:
    /// a budget shorter than a step runs nothing (only the very first step, which has no estimate
    /// yet, can overrun). Returns the training steps taken.
    /// </summary>
    public int Update(double budgetSeconds)
    {
        var start = Stopwatch.GetTimestamp();
        var steps = 0;
        while (Stopwatch.GetElapsedTime(start).TotalSeconds + (Evaluating ? _chunkSeconds : _stepSeconds) < budgetSeconds)
            if (Advance()) steps++;
        return steps;
    }

    /// <summary>Runs one unit of work: an evaluation chunk while evaluating, else one training step. True when it was a training step.</summary>
    public bool Advance()
    {
        var start = Stopwatch.GetTimestamp();
        if (Evaluating)
        {
            EvaluateChunk();
            _chunkSeconds = Average(_chunkSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
            return false;
        }
        if (!TrainOne()) return false;
        _stepSeconds = Average(_stepSeconds, Stopwatch.GetElapsedTime(start).TotalSeconds);
        return true;
    }

    private static double Average(double average, double sample) => average == 0 ? sample : average + 0.2 * (sample - average);

    /// <summary>Starts evaluating the test set now (also done automatically at each epoch's end).</summary>
    public void StartEvaluation()
    {
        _evalPosition = 0;
        _evalCorrect = 0;
        _workMisclassifiedCount = 0;
        Array.Clear(_workConfusion);
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
        var labels = _test.Targets.AsSpan(_evalPosition, n);
        for (var i = 0; i < n; i++)
        {
            var predicted = Metrics.ArgMax(logits.Slice(i * DigitModel.Classes, DigitModel.Classes));
            var label = (int)labels[i];
            _workConfusion[label * DigitModel.Classes + predicted]++;
            if (predicted == label)
            {
                _evalCorrect++;
                continue;
            }
            _workMisclassified[_workMisclassifiedCount] = _evalPosition + i;
            _workMisclassifiedAs[_workMisclassifiedCount++] = predicted;
        }
        _evalPosition += n;
        if (_evalPosition < _test.Count) return;
        TestAccuracy = (float)_evalCorrect / _test.Count;
        _evalPosition = -1;
        _workConfusion.CopyTo(_confusion, 0);
        _workMisclassified.AsSpan(0, _workMisclassifiedCount).CopyTo(_misclassified);
        _workMisclassifiedAs.AsSpan(0, _workMisclassifiedCount).CopyTo(_misclassifiedAs);
        _misclassifiedCount = _workMisclassifiedCount;
        Evaluations++;
        EpochEvaluated?.Invoke(Epoch, TestAccuracy);
    }
}
