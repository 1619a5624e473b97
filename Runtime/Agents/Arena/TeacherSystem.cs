using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Arena;

/// <summary>
/// Imitation learning (DAgger): labels the states the policy actually visits with the scripted
/// <see cref="Teacher"/>'s action, as each creature's <see cref="Target"/>; the library's
/// <see cref="Systems.TargetReplaySystem"/> then stores the learning creatures' (observation, target)
/// pairs in the model's replay buffer.
/// </summary>
public sealed class TeacherSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _creatures = new QueryDescription().WithAll<Observation, Target>();

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        foreach (var chunk in World.GetChunks(_creatures))
        {
            var observations = chunk.GetSpan<Observation>();
            var targets = chunk.GetSpan<Target>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var o = ref observations[i];
                ReadOnlySpan<float> obs = ((ReadOnlySpan<float>)o.Values)[..o.Length];
                targets[i] = new Target((int)Teacher.Act(obs));
            }
        }
    }
}
