namespace Myelin.Optimizers.Schedules;

/// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> steps.</summary>
public sealed class StepDecay(int stepSize, float gamma = 0.1f) : LearningRateSchedule
{
    /// <inheritdoc />
    public override float Rate(int step, float baseRate) => baseRate * MathF.Pow(gamma, step / Math.Max(1, stepSize));
}
