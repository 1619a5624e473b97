namespace Myelin.Agents.Components;

/// <summary>
/// How much learning a frame may do: steps run until <see cref="Milliseconds"/> is spent or
/// <see cref="MaxSteps"/> are done. With an infinite time budget the step count is fixed, so
/// runs from one seed are deterministic.
/// </summary>
/// <param name="Milliseconds">Wall-clock budget per frame.</param>
/// <param name="MaxSteps">Most optimizer steps per frame.</param>
/// <param name="BatchSize">Samples per step.</param>
public record struct TrainingBudget(double Milliseconds = 4.0, int MaxSteps = 64, int BatchSize = 128)
{
    /// <summary>A fixed number of steps per frame regardless of time (deterministic).</summary>
    public static TrainingBudget FixedSteps(int steps, int batchSize = 128) => new(double.PositiveInfinity, steps, batchSize);
}
