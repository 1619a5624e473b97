namespace Myelin.Optimizers.Schedules;

/// <summary>Cosine from the base rate down to <paramref name="minRate"/> over <paramref name="totalSteps"/>, then flat.</summary>
public sealed class CosineAnnealing(int totalSteps, float minRate = 0f) : LearningRateSchedule
{
    /// <inheritdoc />
    public override float Rate(int step, float baseRate)
    {
        var t = Math.Min(step, totalSteps) / (float)Math.Max(1, totalSteps);
        return minRate + 0.5f * (baseRate - minRate) * (1f + MathF.Cos(MathF.PI * t));
    }
}
