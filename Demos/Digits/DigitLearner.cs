using Myelin.Backends;
using Myelin.Data;
using Myelin.Training;

namespace Myelin.Demos.Digits;

/// <summary>
/// Trains a digit model on its own thread so the frame never waits for a ~30 ms optimizer step.
/// The learner owns a private <see cref="Model"/> (and its <see cref="DigitTrainer"/> and
/// <see cref="Explain"/> for "teach"); after every step it publishes the parameters into a buffer
/// under a lock, and the frame thread copies them into its own inference model with
/// <see cref="TryPullWeights"/> when it likes (a safe point: between two of its own predictions). All
/// weight changes — training, per-epoch evaluation, teaching — happen on the learner thread, so no
/// model is ever touched by two threads.
/// <para>
/// Thread safety of the backend: a <c>CpuBackend</c> instance is not safe for two threads at once
/// (its GEMM and dense job descriptors are instance fields), so the learner moves its model to a
/// <c>CpuBackend</c> instance of its own. What instances share is safe: packing and reduction scratch
/// is [ThreadStatic], and the worker pool (CpuWorkers) takes one caller at a time — a second caller
/// finds it busy and runs its parts inline. The frame thread's single-digit passes are below the
/// parallel threshold anyway, so they always run inline on the frame thread.
/// </para>
/// <para>
/// Cores: the learner's backend instance uses one thread fewer than the machine has
/// (<c>new CpuBackend(threads:)</c>), leaving a core to the frame thread and the GL rasteriser
/// (llvmpipe renders on the CPU too); on a 2-core machine the learner trains on one thread.
/// Nothing process-wide changes.
/// </para>
/// <para>
/// The frame thread never waits for the learner: it reads through <see cref="TryReadStats"/>,
/// <see cref="TryPullWeights"/> and <see cref="TryPullEvaluation"/>, which give up (and are tried
/// again next frame) when the learner holds the lock for its microsecond-long publish.
/// </para>
/// </summary>
public sealed class DigitLearner : IDisposable
{
    private readonly Model _model;
    private readonly DigitTrainer _trainer;
    private readonly Explain _explain;
    private readonly Dataset _train;
    private readonly Rng _rng;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly float[] _weights;
    private readonly float[] _teachDigit = new float[DigitModel.Pixels], _teachWork = new float[DigitModel.Pixels];
    private readonly int[] _confusion = new int[DigitModel.Classes * DigitModel.Classes];
    private readonly int[] _misclassified, _misclassifiedAs;
    private int _misclassifiedCount, _teachLabel = -1, _taught, _evaluations, _pulledEvaluations;
    private long _weightsVersion, _pulledVersion;
    private DigitLearnerStats _stats;
    private volatile bool _stop, _training, _evaluateRequested;
    private volatile Exception? _failure;

    /// <summary>
    /// Starts the learner thread on <paramref name="model"/> (compiled; the learner owns it from now
    /// on, and moves it from a shared CPU backend to one of its own), training on <paramref name="train"/> when <paramref name="training"/> and evaluating on
    /// <paramref name="test"/> after each epoch.
    /// </summary>
    public DigitLearner(Model model, Dataset train, Dataset test, bool training, ulong seed = 1)
    {
        // Its own backend instance (one caller at a time), leaving a core to the frame and the rasteriser.
        if (model.Backend is CpuBackend) model.To(new CpuBackend(threads: Math.Max(1, Environment.ProcessorCount - 1)));
        _model = model;
        _train = train;
        _rng = new Rng(seed);
        _trainer = new DigitTrainer(model, train, test, batchSize: 64, shuffleSeed: seed);
        _explain = new Explain(model);
        var count = 0;
        foreach (var p in model.Parameters) count += p.Length;
        _weights = new float[count];
        _misclassified = new int[test.Count];
        _misclassifiedAs = new int[test.Count];
        _training = training;
        _stats = new DigitLearnerStats(0, 0, float.NaN, float.NaN, float.NaN, false, 0, 0, 0);
        _thread = new Thread(Loop) { IsBackground = true, Name = "myelin-digit-learner" };
        _thread.Start();
    }

    /// <summary>Whether the learner trains on MNIST now (teaching and evaluation work either way).</summary>
    public bool Training
    {
        get => _training;
        set { _training = value; _wake.Set(); }
    }

    /// <summary>Completed test evaluations.</summary>
    public int Evaluations => Volatile.Read(ref _evaluations);

    /// <summary>True when an evaluation completed since the last <see cref="TryPullEvaluation"/>.</summary>
    public bool HasNewEvaluation => Volatile.Read(ref _evaluations) != _pulledEvaluations;

    /// <summary>The exception that stopped the learner thread, if one did.</summary>
    public Exception? Failure => _failure;

    /// <summary>The latest progress into <paramref name="stats"/>; false (and <paramref name="stats"/> unchanged) when the learner is publishing right now.</summary>
    public bool TryReadStats(ref DigitLearnerStats stats)
    {
        if (!_gate.TryEnter()) return false;
        stats = _stats;
        _gate.Exit();
        return true;
    }

    /// <summary>Evaluates the test set now (after the step in flight), e.g. for a loaded model.</summary>
    public void Evaluate()
    {
        _evaluateRequested = true;
        _wake.Set();
    }

    /// <summary>Asks for a few fine-tuning steps on <paramref name="digit"/> (784 values) as <paramref name="label"/> (<see cref="Explain.Teach"/>); a newer request replaces a pending one.</summary>
    public void Teach(ReadOnlySpan<float> digit, int label)
    {
        if ((uint)label >= DigitModel.Classes) throw new ArgumentOutOfRangeException(nameof(label), label, "Digits are 0..9.");
        lock (_gate)
        {
            digit.CopyTo(_teachDigit);
            _teachLabel = label;
        }
        _wake.Set();
    }

    /// <summary>
    /// Copies the newest published weights into <paramref name="target"/> (same architecture); false
    /// when there is nothing new or the learner is publishing right now (try again next frame).
    /// </summary>
    public bool TryPullWeights(Model target)
    {
        if (Volatile.Read(ref _weightsVersion) == _pulledVersion || !_gate.TryEnter()) return false;
        try
        {
            CopyWeights(target.Parameters, _weights, intoParameters: true);
            _pulledVersion = _weightsVersion;
        }
        finally
        {
            _gate.Exit();
        }
        return true;
    }

    /// <summary>
    /// Copies the last completed evaluation: the 10×10 confusion matrix (true digit, prediction) and
    /// the misclassified test indices with their predictions (as many as fit), with
    /// <paramref name="count"/> how many were misclassified; false when the learner is publishing right now.
    /// </summary>
    public bool TryPullEvaluation(Span<int> confusion, Span<int> misclassified, Span<int> misclassifiedAs, out int count)
    {
        count = 0;
        if (!_gate.TryEnter()) return false;
        try
        {
            _confusion.CopyTo(confusion);
            var n = Math.Min(_misclassifiedCount, Math.Min(misclassified.Length, misclassifiedAs.Length));
            _misclassified.AsSpan(0, n).CopyTo(misclassified);
            _misclassifiedAs.AsSpan(0, n).CopyTo(misclassifiedAs);
            count = _misclassifiedCount;
            _pulledEvaluations = _evaluations;
        }
        finally
        {
            _gate.Exit();
        }
        return true;
    }

    private void Loop()
    {
        _clock.Start();
        try
        {
            Publish(weights: true);
            while (!_stop)
            {
                _wake.Reset();
                if (_evaluateRequested && !_trainer.Evaluating)
                {
                    _evaluateRequested = false;
                    _trainer.StartEvaluation();
                }
                // Teaching waits for a running evaluation to end, so that evaluation stays exact.
                if (!_trainer.Evaluating && TakeTeachRequest() is var label and >= 0)
                {
                    _explain.Teach(_teachWork, label, _train, _rng);
                    _taught++;
                    Publish(weights: true);
                    continue;
                }
                if (!_training && !_trainer.Evaluating)
                {
                    _wake.Wait(100);
                    continue;
                }
                Publish(weights: _trainer.Advance());
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    private int TakeTeachRequest()
    {
        lock (_gate)
        {
            var label = _teachLabel;
            if (label >= 0) _teachDigit.CopyTo(_teachWork);
            _teachLabel = -1;
            return label;
        }
    }

    private void Publish(bool weights)
    {
        lock (_gate)
        {
            if (weights)
            {
                CopyWeights(_model.Parameters, _weights, intoParameters: false);
                _weightsVersion++;
            }
            var t = _trainer;
            _stats = new DigitLearnerStats(t.Steps, t.Epoch, t.RunningAccuracy, t.RunningLoss, t.TestAccuracy, t.Evaluating, t.Evaluated, _taught, _clock.Elapsed.TotalSeconds);
            if (t.Evaluations != _evaluations)
            {
                t.Confusion.CopyTo(_confusion);
                t.Misclassified.CopyTo(_misclassified);
                t.MisclassifiedAs.CopyTo(_misclassifiedAs);
                _misclassifiedCount = t.Misclassified.Length;
                Volatile.Write(ref _evaluations, t.Evaluations);
            }
        }
    }

    // The parameters, in order, concatenated in the buffer. Indexed: foreach would box an enumerator.
    private static void CopyWeights(IReadOnlyList<Tensor> parameters, float[] buffer, bool intoParameters)
    {
        var offset = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (intoParameters) p.CopyFrom(buffer.AsSpan(offset, p.Length));
            else p.CopyTo(buffer.AsSpan(offset, p.Length));
            offset += p.Length;
        }
    }

    /// <summary>Stops the learner thread (after the step in flight) and waits for it.</summary>
    public void Dispose()
    {
        _stop = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
    }
}
