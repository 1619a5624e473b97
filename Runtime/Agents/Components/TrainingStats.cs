namespace Myelin.Agents.Components;

/// <summary>Training metrics of a model entity, written by the training and reward-stats systems for UIs (never by blocking a GPU).</summary>
public record struct TrainingStats
{
    /// <summary>Loss of the last step.</summary>
    public float Loss { get; set; }
    /// <summary>Exponential moving average of the loss (smoothing 0.05).</summary>
    public float SmoothedLoss { get; set; }
    /// <summary>Optimizer steps taken in total.</summary>
    public long Steps { get; set; }
    /// <summary>Optimizer steps taken in the last frame.</summary>
    public int StepsLastFrame { get; set; }
    /// <summary>Milliseconds spent training in the last frame.</summary>
    public float MillisecondsLastFrame { get; set; }
    /// <summary>Sum of the model's agents' <see cref="Reward.Last"/> this frame (written by <see cref="Systems.RewardStatsSystem"/>).</summary>
    public float RewardLastFrame { get; set; }
    /// <summary>Agents counted in <see cref="RewardLastFrame"/>.</summary>
    public int AgentsLastFrame { get; set; }
}
