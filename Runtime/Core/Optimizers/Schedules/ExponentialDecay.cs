namespace Myelin.Optimizers.Schedules;

/// <summary>rate = base · γ^step.</summary>
public sealed class ExponentialDecay(float gamma) : LearningRateSchedule
{
    /// <inheritdoc />
    public override float Rate(int step, float baseRate) => baseRate * MathF.Pow(gamma, step);
}
