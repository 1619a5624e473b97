using Myelin;
using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Ecs;

namespace EmbedInYourGame;

/// <summary>Where a seeker is, in the unit square.</summary>
public record struct Position(float X, float Y);

/// <summary>Where it wants to go.</summary>
public record struct Goal(float X, float Y);

/// <summary>Writes each seeker's observation: the unit direction to its goal (distance left out, so one scale fits all).</summary>
public sealed class SenseSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _seekers = new QueryDescription().WithAll<Position, Goal, Observation>();

    public override void Update(in float dt)
    {
        foreach (var chunk in World.GetChunks(_seekers))
        {
            var positions = chunk.GetSpan<Position>();
            var goals = chunk.GetSpan<Goal>();
            var observations = chunk.GetSpan<Observation>();
            for (var i = 0; i < chunk.Count; i++)
            {
                float dx = goals[i].X - positions[i].X, dy = goals[i].Y - positions[i].Y;
                var length = MathF.Max(MathF.Sqrt(dx * dx + dy * dy), 1e-4f);
                observations[i].Values[0] = dx / length;
                observations[i].Values[1] = dy / length;
            }
        }
    }
}

/// <summary>
/// The teacher: labels every observation with the move a simple rule would make (along the longer axis
/// toward the goal) and stores the pair in the replay buffer the brain trains on.
/// </summary>
public sealed class CoachSystem(World world, ReplayBuffer replay) : SystemBase(world)
{
    private readonly QueryDescription _seekers = new QueryDescription().WithAll<Observation, PolicyOutput>();
    private int _agreed, _seen;

    public override void Update(in float dt)
    {
        foreach (var chunk in World.GetChunks(_seekers))
        {
            var observations = chunk.GetSpan<Observation>();
            var outputs = chunk.GetSpan<PolicyOutput>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ReadOnlySpan<float> seen = ((ReadOnlySpan<float>)observations[i].Values)[..2];
                var best = Best(seen[0], seen[1]);
                replay.Add(seen, best);
                if (outputs[i].Choice == best) _agreed++;
                _seen++;
            }
        }
    }

    /// <summary>Share of the brain's choices since the last call that matched the coach's.</summary>
    public float TakeAgreement()
    {
        var share = _seen == 0 ? 0f : (float)_agreed / _seen;
        _agreed = _seen = 0;
        return share;
    }

    private static int Best(float dx, float dy) =>
        MathF.Abs(dx) > MathF.Abs(dy) ? (dx > 0 ? 0 : 1) : (dy > 0 ? 2 : 3);
}

/// <summary>Moves each seeker by its brain's choice; a seeker that reaches its goal gets a new one.</summary>
public sealed class MoveSystem(World world, Rng rng) : SystemBase(world)
{
    private const float Speed = 0.5f, Reach = 0.02f;
    private readonly QueryDescription _seekers = new QueryDescription().WithAll<Position, Goal, PolicyOutput>();
    private int _reached;

    public override void Update(in float dt)
    {
        var step = Speed * dt;
        foreach (var chunk in World.GetChunks(_seekers))
        {
            var positions = chunk.GetSpan<Position>();
            var goals = chunk.GetSpan<Goal>();
            var outputs = chunk.GetSpan<PolicyOutput>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var p = ref positions[i];
                switch (outputs[i].Choice)
                {
                    case 0: p.X += step; break;
                    case 1: p.X -= step; break;
                    case 2: p.Y += step; break;
                    default: p.Y -= step; break;
                }
                p = new Position(Math.Clamp(p.X, 0f, 1f), Math.Clamp(p.Y, 0f, 1f));
                if (MathF.Abs(goals[i].X - p.X) + MathF.Abs(goals[i].Y - p.Y) > Reach) continue;
                goals[i] = new Goal(rng.NextFloat(), rng.NextFloat());
                _reached++;
            }
        }
    }

    /// <summary>Goals reached since the last call.</summary>
    public int TakeGoalsReached()
    {
        var reached = _reached;
        _reached = 0;
        return reached;
    }
}
