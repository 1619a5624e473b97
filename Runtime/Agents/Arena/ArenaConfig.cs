namespace Myelin.Agents.Arena;

/// <summary>Settings of the learning-agents arena. Distances are in arena units; the arena wraps around.</summary>
public sealed record ArenaConfig
{
    /// <summary>Number of creatures sharing the policy.</summary>
    public int Agents { get; init; } = 500;
    /// <summary>Food pellets on the field at any time (eaten food respawns elsewhere).</summary>
    public int Food { get; init; } = 10000;
    /// <summary>Hazards (static discs).</summary>
    public int Hazards { get; init; } = 60;
    /// <summary>Side of the square arena.</summary>
    public float Size { get; init; } = 320f;
    /// <summary>Sensor rays per creature, fanned over <see cref="FieldOfView"/>.</summary>
    public int Rays { get; init; } = 8;
    /// <summary>Angle covered by the rays, radians.</summary>
    public float FieldOfView { get; init; } = MathF.PI * 0.6f;
    /// <summary>Length of each ray.</summary>
    public float RayLength { get; init; } = 20f;
    /// <summary>Radius of a food pellet (contact distance adds the creature radius).</summary>
    public float FoodRadius { get; init; } = 1.5f;
    /// <summary>Radius of a hazard.</summary>
    public float HazardRadius { get; init; } = 4f;
    /// <summary>Radius of a creature.</summary>
    public float CreatureRadius { get; init; } = 1f;
    /// <summary>Distance per frame when moving forward.</summary>
    public float Speed { get; init; } = 0.8f;
    /// <summary>Heading change per frame when turning, radians.</summary>
    public float TurnRate { get; init; } = 0.25f;
    /// <summary>Reward for eating one pellet.</summary>
    public float FoodReward { get; init; } = 1f;
    /// <summary>Reward (negative) for touching a hazard.</summary>
    public float HazardPenalty { get; init; } = -1f;
    /// <summary>Food pellets per square unit in <see cref="ForAgents"/>.</summary>
    public const float DefaultFoodDensity = 0.008f;

    /// <summary>Food pellets per creature in <see cref="ForAgents"/> (plenty, so reward measures skill rather than competition).</summary>
    public const int FoodPerAgent = 20;

    /// <summary>
    /// An arena sized for <paramref name="agents"/> creatures: <see cref="FoodPerAgent"/> pellets each at
    /// <paramref name="foodDensity"/> pellets per square unit, one hazard per 400 square units.
    /// </summary>
    public static ArenaConfig ForAgents(int agents, float foodDensity = DefaultFoodDensity)
    {
        var food = agents * FoodPerAgent;
        var size = MathF.Sqrt(food / foodDensity);
        return new ArenaConfig { Agents = agents, Food = food, Size = size, Hazards = Math.Max(4, (int)(size * size / 400f)) };
    }

    /// <summary>Observation width: two channels (food, hazard) per ray.</summary>
    public int ObservationSize => Rays * 2;
}
