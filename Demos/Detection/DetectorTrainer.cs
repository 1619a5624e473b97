using System.Diagnostics;

namespace Myelin.Demos.Detection;

/// <summary>
/// Trains a <see cref="Detector"/> on freshly rendered synthetic frames: a pool of frames from a
/// training camera (seed disjoint from the validation set), one pool slot re-rendered per step, batches
/// drawn at random with random left–right mirroring. Taught examples (frames with boxes a person
/// drew) join every batch, mixed with replay from the pool so the detector does not forget.
/// <see cref="TrainFor"/> fits steps into a time budget, shrinking the batch rather than overrunning.
/// Steady-state steps allocate nothing.
/// </summary>
public sealed class DetectorTrainer
{
    private readonly SyntheticCamera _camera;
    private readonly CameraFrame[] _pool;
    private readonly List<CameraFrame> _taught = [];
    private readonly CameraFrame[] _batch;
    private readonly bool[] _mirror;
    private readonly Rng _rng;
    private readonly Stopwatch _clock = new();
    private long _rendered;
    private int _filled;
    private double _msPerSample = double.NaN, _msPerRender = double.NaN, _credit;

    /// <summary>A trainer for <paramref name="detector"/> rendering from <paramref name="seed"/> (not <see cref="Detector.ValidationSeed"/>).</summary>
    public DetectorTrainer(Detector detector, ulong seed = 1, int poolSize = 256, int batchSize = 16, int maxTaught = 64)
    {
        if (seed == Detector.ValidationSeed)
            throw new ArgumentException($"The training seed {seed} is the validation seed; pick another so training and validation frames differ.", nameof(seed));
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 2);
        Detector = detector;
        BatchSize = batchSize;
        MaxTaught = maxTaught;
        _camera = new SyntheticCamera(detector.Size, seed, framesPerScene: 8);
        _pool = new CameraFrame[poolSize];
        for (var i = 0; i < poolSize; i++) _pool[i] = new CameraFrame(detector.Size);
        _batch = new CameraFrame[batchSize];
        _mirror = new bool[batchSize];
        _rng = new Rng(seed ^ 0xBA7C4);
    }

    /// <summary>The detector being trained.</summary>
    public Detector Detector { get; }
    /// <summary>Largest batch.</summary>
    public int BatchSize { get; }
    /// <summary>Most taught examples kept (the oldest is replaced).</summary>
    public int MaxTaught { get; }
    /// <summary>Frames rendered so far.</summary>
    public long RenderedFrames => _rendered;
    /// <summary>Taught examples held.</summary>
    public int TaughtCount => _taught.Count;
    /// <summary>Loss of the last step (NaN before the first).</summary>
    public float LastLoss { get; private set; } = float.NaN;
    /// <summary>Steps whose batch held taught examples.</summary>
    public int TaughtSteps { get; private set; }
    /// <summary>The taught examples (copies of the frames with the boxes drawn on them).</summary>
    public IReadOnlyList<CameraFrame> Taught => _taught;
    /// <summary>Batch size of the last step.</summary>
    public int LastBatch { get; private set; }

    /// <summary>Renders frames until the pool is full (the first steps otherwise see only a few frames).</summary>
    public void FillPool()
    {
        while (_filled < _pool.Length) RenderInto(_pool[_filled++]);
    }

    /// <summary>Adds a copy of <paramref name="frame"/> with its boxes as a taught example.</summary>
    public void Teach(CameraFrame frame)
    {
        if (frame.Size != Detector.Size) throw new ArgumentException($"The taught frame is {frame.Size}² but the detector takes {Detector.Size}².", nameof(frame));
        CameraFrame copy;
        if (_taught.Count < MaxTaught) _taught.Add(copy = new CameraFrame(frame.Size));
        else copy = _taught[_rng.NextInt(_taught.Count)];
        frame.Pixels.CopyTo(copy.Pixels);
        copy.Boxes.Clear();
        copy.Boxes.AddRange(frame.Boxes);
    }

    /// <summary>Forgets the taught examples.</summary>
    public void ClearTaught() => _taught.Clear();

    /// <summary>
    /// One step on <paramref name="batch"/> frames (at most <see cref="BatchSize"/>, at least 2): one pool
    /// slot is re-rendered, then up to half the batch comes from taught examples and the rest from the pool.
    /// </summary>
    public float Step(int batch)
    {
        batch = Math.Clamp(batch, 2, BatchSize);
        var renderStart = _clock.Elapsed.TotalMilliseconds;
        _clock.Start();
        if (_filled < _pool.Length) RenderInto(_pool[_filled++]);
        else RenderInto(_pool[(int)(_rendered % _pool.Length)]);
        var rendered = _clock.Elapsed.TotalMilliseconds;
        var taught = _taught.Count == 0 ? 0 : Math.Max(1, batch / 2);
        for (var i = 0; i < batch; i++)
        {
            _batch[i] = i < taught ? _taught[_rng.NextInt(_taught.Count)] : _pool[_rng.NextInt(_filled)];
            _mirror[i] = _rng.NextInt(2) == 1;
        }
        LastLoss = Detector.TrainStep(_batch.AsSpan(0, batch), _mirror.AsSpan(0, batch));
        if (taught > 0) TaughtSteps++;
        LastBatch = batch;
        var trained = _clock.Elapsed.TotalMilliseconds;
        _clock.Stop();
        _msPerRender = Smooth(_msPerRender, rendered - renderStart);
        _msPerSample = Smooth(_msPerSample, (trained - rendered) / batch);
        return LastLoss;
    }

    /// <summary>
    /// Trains within a budget of <paramref name="milliseconds"/> per call (a frame): the budget accrues
    /// as credit (up to <see cref="MaxCreditFrames"/> frames' worth), and steps run while the predicted
    /// cost of one more fits the credit, the batch shrunk to what fits. When not even a batch of 2 fits,
    /// no step runs this frame and the credit carries over (a batch of 2 runs once the credit is full),
    /// so a slow machine still trains at the budgeted share of its time instead of overrunning every
    /// frame. Returns the steps taken.
    /// </summary>
    public int TrainFor(double milliseconds)
    {
        _credit = Math.Min(_credit + milliseconds, MaxCreditFrames * milliseconds);
        var steps = 0;
        while (_credit > 0)
        {
            int batch;
            if (double.IsNaN(_msPerSample)) batch = 2;
            else batch = (int)Math.Min(BatchSize, (_credit - _msPerRender) / _msPerSample);
            // At the credit cap a batch of 2 runs anyway (the estimate may be stale, e.g. a first step
            // slowed by the JIT); its overrun is repaid from later frames' budget.
            if (batch < 2 && _credit >= MaxCreditFrames * milliseconds && steps == 0) batch = 2;
            if (batch < 2) break;
            var start = Stopwatch.GetTimestamp();
            Step(batch);
            _credit -= Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            steps++;
        }
        return steps;
    }

    /// <summary>Frames of unused budget that <see cref="TrainFor"/> may save up for one step.</summary>
    public const int MaxCreditFrames = 4;

    private void RenderInto(CameraFrame frame) => _camera.Render(_rendered++, frame);

    private static double Smooth(double average, double sample) => double.IsNaN(average) ? sample : 0.9 * average + 0.1 * sample;
}
