using Myelin.Ecs;

namespace Myelin.Agents.Arena;

/// <summary>
/// The arena's static and slowly changing objects in flat arrays with spatial grids, refreshed from
/// the ECS each frame, so sensors and collisions look only at nearby objects.
/// </summary>
public sealed class ArenaField
{
    private readonly QueryDescription _food = new QueryDescription().WithAll<FoodPellet>();
    private readonly QueryDescription _hazards = new QueryDescription().WithAll<Hazard>();

    /// <summary>Creates the field for <paramref name="config"/>.</summary>
    public ArenaField(ArenaConfig config)
    {
        Config = config;
        FoodX = new float[config.Food]; FoodY = new float[config.Food];
        HazardX = new float[config.Hazards]; HazardY = new float[config.Hazards]; HazardR = new float[config.Hazards];
        FoodGrid = new SpatialGrid(config.Size, config.RayLength, config.Food);
        HazardGrid = new SpatialGrid(config.Size, config.RayLength, config.Hazards);
    }

    /// <summary>The settings.</summary>
    public ArenaConfig Config { get; }
    /// <summary>Food positions (index = pellet order in the world).</summary>
    public float[] FoodX { get; }
    /// <summary>Food positions.</summary>
    public float[] FoodY { get; }
    /// <summary>Food pellets known this frame.</summary>
    public int FoodCount { get; private set; }
    /// <summary>Hazard positions and radii.</summary>
    public float[] HazardX { get; }
    /// <summary>Hazard positions.</summary>
    public float[] HazardY { get; }
    /// <summary>Hazard radii.</summary>
    public float[] HazardR { get; }
    /// <summary>Hazards known this frame.</summary>
    public int HazardCount { get; private set; }
    /// <summary>Grid over food.</summary>
    public SpatialGrid FoodGrid { get; }
    /// <summary>Grid over hazards.</summary>
    public SpatialGrid HazardGrid { get; }

    /// <summary>Copies food and hazard positions out of the world and rebuilds the grids.</summary>
    public void Refresh(World world)
    {
        var n = 0;
        foreach (var chunk in world.GetChunks(_food))
            foreach (ref var f in chunk.GetSpan<FoodPellet>())
            {
                if (n == FoodX.Length) break;
                FoodX[n] = f.X; FoodY[n] = f.Y; n++;
            }
        FoodCount = n;
        n = 0;
        foreach (var chunk in world.GetChunks(_hazards))
            foreach (ref var h in chunk.GetSpan<Hazard>())
            {
                if (n == HazardX.Length) break;
                HazardX[n] = h.X; HazardY[n] = h.Y; HazardR[n] = h.Radius; n++;
            }
        HazardCount = n;
        FoodGrid.Build(FoodX, FoodY, FoodCount);
        HazardGrid.Build(HazardX, HazardY, HazardCount);
    }
}
