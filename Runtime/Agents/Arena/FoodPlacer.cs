namespace Myelin.Agents.Arena;

/// <summary>
/// Draws starting spots for food out of reach of every creature, so frame 0 scores nothing for free.
/// Each candidate is checked only against the creatures bucketed in the neighbouring cells of a
/// <see cref="SpatialGrid"/> (testing every creature made setup quadratic: 50k agents took minutes),
/// and after <see cref="MaxAttempts"/> rejected candidates the last one is kept, so placement ends
/// even in an arena the creatures cover completely.
/// </summary>
public sealed class FoodPlacer
{
    /// <summary>Candidates drawn for one pellet before the last one is accepted even if a creature is within reach.</summary>
    public const int MaxAttempts = 64;

    private readonly ArenaConfig _config;
    private readonly float[] _xs;
    private readonly float[] _ys;
    private readonly SpatialGrid _grid;
    private readonly float _clear;

    /// <summary>Buckets the creatures' positions for <paramref name="config"/>'s arena.</summary>
    public FoodPlacer(ArenaConfig config, ReadOnlySpan<Creature> bodies)
    {
        _config = config;
        _clear = config.FoodRadius + config.CreatureRadius + 1f;
        _xs = new float[bodies.Length];
        _ys = new float[bodies.Length];
        for (var i = 0; i < bodies.Length; i++) { _xs[i] = bodies[i].X; _ys[i] = bodies[i].Y; }
        _grid = new SpatialGrid(config.Size, _clear, bodies.Length);
        _grid.Build(_xs, _ys, bodies.Length);
    }

    /// <summary>Candidate spots drawn so far.</summary>
    public long Attempts { get; private set; }

    /// <summary>Creature distance tests made so far (the cost that used to grow as food × creatures).</summary>
    public long Checks { get; private set; }

    /// <summary>Pellets placed within reach of a creature because <see cref="MaxAttempts"/> candidates were all taken.</summary>
    public int Crowded { get; private set; }

    /// <summary>The next pellet: the first of up to <see cref="MaxAttempts"/> uniform candidates that no creature is within reach of.</summary>
    public FoodPellet Next(Rng rng)
    {
        float x = 0, y = 0;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            x = rng.Uniform(0f, _config.Size);
            y = rng.Uniform(0f, _config.Size);
            Attempts++;
            if (!NearCreature(x, y)) return new FoodPellet(x, y);
        }
        Crowded++;
        return new FoodPellet(x, y);
    }

    // Within _clear on both axes, measured straight (not across the wrap), as placement always has been.
    private bool NearCreature(float x, float y)
    {
        var reach = _grid.Reach(_clear);
        int cx = _grid.CellOf(x), cy = _grid.CellOf(y);
        for (var gy = cy - reach; gy <= cy + reach; gy++)
        {
            // Cells across the wrap hold creatures that are far away when measured straight.
            if (gy < 0 || gy >= _grid.Cells) continue;
            for (var gx = cx - reach; gx <= cx + reach; gx++)
            {
                if (gx < 0 || gx >= _grid.Cells) continue;
                foreach (var k in _grid.Cell(gx, gy))
                {
                    Checks++;
                    if (MathF.Abs(_xs[k] - x) < _clear && MathF.Abs(_ys[k] - y) < _clear) return true;
                }
            }
        }
        return false;
    }
}
