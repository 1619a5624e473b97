namespace Myelin.Agents.Components;

/// <summary>A learning target for an agent this frame (e.g. a teacher's action); <see cref="Label"/> −1 means none.</summary>
public record struct Target(int Label);
