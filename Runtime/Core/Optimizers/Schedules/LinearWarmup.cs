namespace Myelin.Optimizers.Schedules;

/// <summary>Ramps linearly from 0 to the rate of <paramref name="then"/> (or the base) over <paramref name="warmupSteps"/>.</summary>
public sealed class LinearWarmup(int warmupSteps, LearningRateSchedule? then = null) : LearningRateSchedule
{
    /// <inheritdoc />
    public override float Rate(int step, float baseRate)
    {
        if (step < warmupSteps) return baseRate * (step + 1) / warmupSteps;
        return then?.Rate(step - warmupSteps, baseRate) ?? baseRate;
    }
}
