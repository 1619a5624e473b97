namespace Myelin.Agents.Components;

/// <summary>Reward received by an agent: this frame's and the running total.</summary>
public record struct Reward(float Last, float Total);
