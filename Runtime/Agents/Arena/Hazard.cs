namespace Myelin.Agents.Arena;

/// <summary>A hazard disc at (X, Y).</summary>
public record struct Hazard(float X, float Y, float Radius);
