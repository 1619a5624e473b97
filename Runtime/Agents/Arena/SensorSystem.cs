using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Arena;

/// <summary>Observe: casts each creature's rays against nearby food and hazards into its <see cref="Observation"/>.</summary>
public sealed class SensorSystem(World world, ArenaField field) : SystemBase(world)
{
    private readonly QueryDescription _creatures = new QueryDescription().WithAll<Creature, Observation>();

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        field.Refresh(World);
        var cfg = field.Config;
        foreach (var chunk in World.GetChunks(_creatures))
        {
            var bodies = chunk.GetSpan<Creature>();
            var observations = chunk.GetSpan<Observation>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var o = ref observations[i];
                o.Length = cfg.ObservationSize;
                Span<float> values = o.Values;
                values[..o.Length].Clear();
                Sense(bodies[i], values[..cfg.Rays], field.FoodGrid, field.FoodX, field.FoodY, null, cfg.FoodRadius);
                Sense(bodies[i], values.Slice(cfg.Rays, cfg.Rays), field.HazardGrid, field.HazardX, field.HazardY, field.HazardR, 0f);
            }
        }
    }

    private void Sense(in Creature c, Span<float> readings, SpatialGrid grid, float[] xs, float[] ys, float[]? radii, float radius)
    {
        var cfg = field.Config;
        var reach = grid.Reach(cfg.RayLength + cfg.HazardRadius);
        int cx = grid.CellOf(c.X), cy = grid.CellOf(c.Y);
        for (var gy = cy - reach; gy <= cy + reach; gy++)
            for (var gx = cx - reach; gx <= cx + reach; gx++)
                foreach (var k in grid.Cell(gx, gy))
                {
                    var dx = grid.Wrap(xs[k] - c.X);
                    var dy = grid.Wrap(ys[k] - c.Y);
                    var r = radii?[k] ?? radius;
                    var limit = cfg.RayLength + r;
                    if (dx * dx + dy * dy > limit * limit) continue;
                    RaySensor.Sense(readings, c.Heading, cfg.FieldOfView, cfg.RayLength, dx, dy, r);
                }
    }
}
