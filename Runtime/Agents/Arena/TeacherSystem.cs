using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Arena;

/// <summary>
/// Imitation learning (DAgger): labels the states the policy actually visits with the scripted
/// <see cref="Teacher"/>'s action and stores (observation, action) in the model's replay buffer.
/// Only every <see cref="Stride"/>-th learning creature per frame is labelled, rotating.
/// </summary>
public sealed class TeacherSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _creatures = new QueryDescription().WithAll<Brain, Observation, Target>();
    private int _frame;

    /// <summary>Label one creature in this many each frame.</summary>
    public int Stride { get; init; } = 4;

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        var index = 0;
        var phase = _frame++ % Stride;
        foreach (var chunk in World.GetChunks(_creatures))
        {
            var brains = chunk.GetSpan<Brain>();
            var observations = chunk.GetSpan<Observation>();
            var targets = chunk.GetSpan<Target>();
            for (var i = 0; i < chunk.Count; i++, index++)
            {
                ref var o = ref observations[i];
                ReadOnlySpan<float> obs = ((ReadOnlySpan<float>)o.Values)[..o.Length];
                var label = (int)Teacher.Act(obs);
                targets[i] = new Target(label);
                if (!brains[i].Learning || index % Stride != phase) continue;
                var replay = World.Get<NeuralModel>(brains[i].Model).Replay;
                replay?.Add(obs, label);
            }
        }
    }
}
