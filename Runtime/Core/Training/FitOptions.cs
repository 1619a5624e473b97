using Myelin.Data;

namespace Myelin.Training;

/// <summary>
/// Options of <see cref="Model.Fit"/>. Gradient-descent flavour is the batch size: the whole set
/// (batch GD), 1 (stochastic GD) or anything between (mini-batch GD) — see <see cref="GradientDescent"/>.
/// </summary>
public sealed record FitOptions
{
    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>Samples per optimizer step; <see cref="GradientDescent.Batch"/> = whole dataset.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Held-out data evaluated after each epoch.</summary>
    public Dataset? Validation { get; init; }
    /// <summary>Shuffle seed (null keeps the order).</summary>
    public ulong? ShuffleSeed { get; init; } = 0;
    /// <summary>Stop when the monitored loss has not improved for this many epochs (null = never).</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>Smallest decrease that counts as an improvement for early stopping.</summary>
    public float EarlyStoppingMinDelta { get; init; }
    /// <summary>Called after every epoch (for UIs and logs). Return false to stop training.</summary>
    public Func<EpochResult, bool>? OnEpochEnd { get; init; }
    /// <summary>Called after every optimizer step with (step, loss).</summary>
    public Action<int, float>? OnBatchEnd { get; init; }
}

/// <summary>Batch sizes that name the three gradient-descent flavours.</summary>
public static class GradientDescent
{
    /// <summary>Batch gradient descent: one step per epoch over all samples.</summary>
    public const int Batch = int.MaxValue;
    /// <summary>Stochastic gradient descent: one step per sample.</summary>
    public const int Stochastic = 1;
}
