namespace Myelin.Training;

/// <summary>
/// A training step was refused because it would have left something non-finite: the loss became NaN or
/// infinite (thrown before the backward pass), a gradient was NaN or infinite, or the update would have
/// made a weight or optimizer state overflow (thrown before any tensor changed). Either way the weights,
/// the optimizer state and the step count are the last good ones, bit for bit, and training can go on
/// (with a lower learning rate, clipped gradients or clean inputs).
/// </summary>
public sealed class TrainingDivergedException(string message, int step, string? parameter = null) : Exception(message)
{
    /// <summary>The 1-based optimizer step that was refused.</summary>
    public int Step { get; } = step;

    /// <summary>The parameter whose gradient or update was not finite, or null when the loss was.</summary>
    public string? Parameter { get; } = parameter;
}
