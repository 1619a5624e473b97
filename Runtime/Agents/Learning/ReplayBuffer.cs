namespace Myelin.Agents.Learning;

/// <summary>
/// A fixed-capacity ring of (observation, target) pairs for learning inside the game loop. When
/// full, the oldest pair is overwritten. Sampling fills preallocated batch tensors and allocates nothing.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _observations;
    private readonly float[] _targets;
    private readonly float[] _batchX;
    private readonly float[] _batchY;
    private int _next;

    /// <summary>Creates a buffer for <paramref name="capacity"/> pairs of the given widths; all memory is allocated here.</summary>
    /// <param name="capacity">Most (observation, target) pairs kept; the oldest is overwritten when full.</param>
    /// <param name="observationSize">Floats per observation: the model's input width.</param>
    /// <param name="targetSize">Floats per target: 1 for a class index (softmax cross-entropy), else the output width.</param>
    /// <param name="maxBatch">Largest batch <see cref="Sample"/> draws; the batch staging arrays are sized for it, and a
    /// model's <see cref="Components.TrainingBudget.BatchSize"/> may not exceed it.</param>
    public ReplayBuffer(int capacity, int observationSize, int targetSize, int maxBatch = 1024)
    {
        if (capacity <= 0 || observationSize <= 0 || targetSize <= 0 || maxBatch <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), "Replay buffer sizes must be positive.");
        Capacity = capacity; ObservationSize = observationSize; TargetSize = targetSize; MaxBatch = maxBatch;
        _observations = new float[capacity * observationSize];
        _targets = new float[capacity * targetSize];
        _batchX = new float[maxBatch * observationSize];
        _batchY = new float[maxBatch * targetSize];
    }

    /// <summary>Most pairs held.</summary>
    public int Capacity { get; }
    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }
    /// <summary>Floats per target (1 for a class index).</summary>
    public int TargetSize { get; }
    /// <summary>Largest batch <see cref="Sample"/> fills.</summary>
    public int MaxBatch { get; }
    /// <summary>Pairs held now.</summary>
    public int Count { get; private set; }
    /// <summary>Pairs ever added.</summary>
    public long Added { get; private set; }

    /// <summary>Adds one pair, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> target)
    {
        if (observation.Length != ObservationSize || target.Length != TargetSize)
            throw new ArgumentException($"Replay buffer holds observations of {ObservationSize} and targets of {TargetSize} floats; got {observation.Length} and {target.Length}.");
        observation.CopyTo(_observations.AsSpan(_next * ObservationSize));
        target.CopyTo(_targets.AsSpan(_next * TargetSize));
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        Added++;
    }

    /// <summary>Adds one pair with a single target value (e.g. a class index).</summary>
    public void Add(ReadOnlySpan<float> observation, float target) => Add(observation, [target]);

    /// <summary>
    /// Draws <paramref name="batch"/> pairs uniformly (with replacement) into <paramref name="x"/>
    /// (batch, observation) and <paramref name="y"/> (batch) or (batch, target), resizing them within capacity.
    /// </summary>
    public void Sample(Rng rng, int batch, Tensor x, Tensor y)
    {
        if (Count == 0) throw new InvalidOperationException("The replay buffer is empty.");
        if (batch <= 0 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch must be in 1..{MaxBatch}.");
        for (var i = 0; i < batch; i++)
        {
            var j = rng.NextInt(Count);
            _observations.AsSpan(j * ObservationSize, ObservationSize).CopyTo(_batchX.AsSpan(i * ObservationSize));
            _targets.AsSpan(j * TargetSize, TargetSize).CopyTo(_batchY.AsSpan(i * TargetSize));
        }
        x.Resize(new Shape(batch, ObservationSize));
        y.Resize(TargetSize == 1 ? new Shape(batch) : new Shape(batch, TargetSize));
        x.CopyFrom(_batchX.AsSpan(0, batch * ObservationSize));
        y.CopyFrom(_batchY.AsSpan(0, batch * TargetSize));
    }
}
