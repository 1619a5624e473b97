namespace Myelin.Agents.Arena;

/// <summary>A food pellet at (X, Y); it respawns elsewhere when eaten.</summary>
public record struct FoodPellet(float X, float Y);
