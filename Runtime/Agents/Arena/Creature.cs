namespace Myelin.Agents.Arena;

/// <summary>An arena creature's body: position, heading and what it has met.</summary>
public record struct Creature(float X, float Y, float Heading)
{
    /// <summary>Food pellets eaten.</summary>
    public int Eaten { get; set; }
    /// <summary>Hazard contacts.</summary>
    public int Hits { get; set; }
}
