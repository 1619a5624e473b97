namespace Myelin.Optimizers.Schedules;

/// <summary>Maps a step number and the base learning rate to the rate used at that step.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at 0-based <paramref name="step"/>.</summary>
    public abstract float Rate(int step, float baseRate);
}
