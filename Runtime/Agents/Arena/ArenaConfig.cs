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

    /// <summary>The sparsest food <see cref="ForAgents"/> accepts: sparser makes the arena's grids too big to hold.</summary>
    public const float MinFoodDensity = 0.001f;

    /// <summary>
    /// The densest food <see cref="ForAgents"/> accepts: the creatures' no-food squares then cover at most
    /// a quarter of the arena, so almost every pellet starts out of their reach.
    /// </summary>
    public const float MaxFoodDensity = 0.1f;

    /// <summary>The most creatures an arena holds (2 million food pellets in <see cref="ForAgents"/>).</summary>
    public const int MaxAgents = 100_000;

    /// <summary>The most sensor rays per creature.</summary>
    public const int MaxRays = 64;

    /// <summary>The most grid cells along a side of the arena (<see cref="Size"/> / <see cref="RayLength"/>): each grid holds cells².</summary>
    public const int MaxCellsPerSide = 4096;

    /// <summary>Food pellets per creature in <see cref="ForAgents"/> (plenty, so reward measures skill rather than competition).</summary>
    public const int FoodPerAgent = 20;

    /// <summary>
    /// An arena sized for <paramref name="agents"/> creatures: <see cref="FoodPerAgent"/> pellets each at
    /// <paramref name="foodDensity"/> pellets per square unit, one hazard per 1,200 square units.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agents"/> is not 1..<see cref="MaxAgents"/>, or <paramref name="foodDensity"/> is not <see cref="MinFoodDensity"/>..<see cref="MaxFoodDensity"/>.</exception>
    public static ArenaConfig ForAgents(int agents, float foodDensity = DefaultFoodDensity)
    {
        if (agents is < 1 or > MaxAgents)
            throw new ArgumentOutOfRangeException(nameof(agents), agents, $"Agents must be 1..{MaxAgents}.");
        if (!(foodDensity >= MinFoodDensity && foodDensity <= MaxFoodDensity))
            throw new ArgumentOutOfRangeException(nameof(foodDensity), foodDensity, $"Food density must be {MinFoodDensity}..{MaxFoodDensity} pellets per square unit.");
        var food = agents * FoodPerAgent;
        var size = MathF.Sqrt(food / foodDensity);
        return new ArenaConfig { Agents = agents, Food = food, Size = size, Hazards = Math.Max(4, (int)(size * size / 1200f)) };
    }

    /// <summary>Observation width: two channels (food, hazard) per ray.</summary>
    public int ObservationSize => Rays * 2;

    /// <summary>Checks every setting against its range; the arena is built only from settings that pass.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it and the range.</exception>
    public void Validate()
    {
        const int maxObjects = MaxAgents * FoodPerAgent;
        Check(nameof(Agents), Agents, 1, MaxAgents);
        Check(nameof(Food), Food, 0, maxObjects);
        Check(nameof(Hazards), Hazards, 0, maxObjects);
        Check(nameof(Rays), Rays, 1, MaxRays);
        Check(nameof(RayLength), RayLength, 0.01f, 1e6f);
        Check(nameof(Size), Size, 1f, RayLength * MaxCellsPerSide);
        Check(nameof(FieldOfView), FieldOfView, 0f, 2f * MathF.PI);
        Check(nameof(FoodRadius), FoodRadius, 0f, Size);
        Check(nameof(HazardRadius), HazardRadius, 0f, Size);
        Check(nameof(CreatureRadius), CreatureRadius, 0f, Size);
        Check(nameof(Speed), Speed, 0f, Size);
        Check(nameof(TurnRate), TurnRate, -MathF.PI, MathF.PI);
        Check(nameof(FoodReward), FoodReward, -1e6f, 1e6f);
        Check(nameof(HazardPenalty), HazardPenalty, -1e6f, 1e6f);
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min}..{max}.");
    }

    // Written so NaN fails too.
    private static void Check(string name, float value, float min, float max)
    {
        if (!(value >= min && value <= max)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min}..{max}.");
    }
}
