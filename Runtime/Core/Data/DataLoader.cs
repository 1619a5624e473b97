using Myelin.Backends;

namespace Myelin.Data;

/// <summary>
/// Serves mini-batches of a <see cref="Dataset"/> into two preallocated tensors on a backend,
/// reshuffling each epoch from a seeded generator. Batch size N = dataset size gives batch
/// gradient descent, 1 gives stochastic, anything between gives mini-batch. Allocates nothing
/// after construction (the last, smaller batch reuses the same memory).
/// </summary>
public sealed class DataLoader
{
    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly Rng? _rng;
    private readonly float[] _xHost, _yHost;
    private int _position;

    /// <summary>Creates the loader. <paramref name="seed"/> null keeps the dataset order.</summary>
    public DataLoader(Dataset data, int batchSize, ulong? seed = 0, bool dropLast = false, IBackend? backend = null)
    {
        if (data.Count == 0) throw new ArgumentException($"Dataset '{data.Name}' is empty.", nameof(data));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        _data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        DropLast = dropLast;
        _rng = seed is { } s ? new Rng(s) : null;
        _order = new int[data.Count];
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
        var be = backend ?? Tensor.DefaultBackend;
        X = Tensor.Zeros(Batched(data.SampleShape, BatchSize), be);
        Y = Tensor.Zeros(Batched(data.TargetShape, BatchSize), be);
        _xHost = new float[BatchSize * data.SampleShape.Length];
        _yHost = new float[BatchSize * data.TargetShape.Length];
        StartEpoch();
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Skip the last batch when it is smaller.</summary>
    public bool DropLast { get; }
    /// <summary>The input batch (B, ...sample shape); valid after <see cref="Next"/>.</summary>
    public Tensor X { get; }
    /// <summary>The target batch (B, ...target shape), or (B) when targets are single values.</summary>
    public Tensor Y { get; }
    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts a new epoch: reshuffles (when seeded) and rewinds.</summary>
    public void StartEpoch()
    {
        _rng?.Shuffle(_order);
        _position = 0;
    }

    /// <summary>Fills <see cref="X"/> and <see cref="Y"/> with the next batch; false at the end of the epoch.</summary>
    public bool Next()
    {
        var remaining = _data.Count - _position;
        if (remaining <= 0 || (DropLast && remaining < BatchSize)) return false;
        var n = Math.Min(BatchSize, remaining);
        int si = _data.SampleShape.Length, st = _data.TargetShape.Length;
        X.Resize(X.Shape.WithDim(0, n));
        Y.Resize(Y.Shape.WithDim(0, n));
        // Host tensors take the rows directly; a device gathers into host buffers and uploads once
        // (on the CPU the staging copy was a third of W2's data time: a batch is 200 KB).
        var direct = X.IsHost && Y.IsHost;
        var xs = direct ? X.Span : _xHost.AsSpan(0, n * si);
        var ys = direct ? Y.Span : _yHost.AsSpan(0, n * st);
        // the CPU splits the inputs' gather (the bulk: rows that miss every cache) across its threads
        var gathered = direct && X.Backend is CpuBackend;
        if (gathered) ((CpuBackend)X.Backend).GatherRows(_data.Inputs, si, _order, _position, n, X);
        for (var i = 0; i < n; i++)
        {
            var s = _order[_position + i];
            if (!gathered) _data.Input(s).CopyTo(xs.Slice(i * si, si));
            _data.Target(s).CopyTo(ys.Slice(i * st, st));
        }
        _position += n;
        if (!direct)
        {
            X.Backend.Upload(xs, X);
            Y.Backend.Upload(ys, Y);
        }
        return true;
    }

    /// <summary>(B, ...shape); a target shape of (1) becomes (B) so class labels are a vector.</summary>
    internal static Shape Batched(in Shape sample, int batch)
    {
        if (sample.Rank == 1 && sample[0] == 1) return new Shape(batch);
        Span<int> d = stackalloc int[Shape.MaxRank];
        d[0] = batch;
        for (var i = 0; i < sample.Rank; i++) d[i + 1] = sample[i];
        return new Shape(d[..(sample.Rank + 1)]);
    }
}
