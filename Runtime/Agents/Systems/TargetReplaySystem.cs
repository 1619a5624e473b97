using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Systems;

/// <summary>
/// Supervised learning from the agents' own experience: for every agent whose <see cref="Brain"/>
/// is <see cref="Brain.Learning"/> and whose <see cref="Target"/> holds a label (≥ 0), stores
/// (observation, label) in its model's <see cref="Learning.ReplayBuffer"/>, which
/// <see cref="TrainingSystem"/> then learns from. Set <see cref="Target"/> each frame from a teacher,
/// a scripted expert or the player's choice, and run this system after that and before training.
/// To keep consecutive frames from flooding the buffer with near-identical states, only every
/// <see cref="Stride"/>-th agent is recorded per frame, rotating, so each agent is recorded once
/// every <see cref="Stride"/> frames.
/// </summary>
public sealed class TargetReplaySystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _agents = new QueryDescription().WithAll<Brain, Observation, Target>();
    private int _frame;

    /// <summary>Record one agent in this many each frame (1 = every agent, every frame).</summary>
    public int Stride
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Stride), value, "Stride must be at least 1.");
    } = 4;

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        var index = 0;
        var phase = _frame++ % Stride;
        foreach (var chunk in World.GetChunks(_agents))
        {
            var brains = chunk.GetSpan<Brain>();
            var observations = chunk.GetSpan<Observation>();
            var targets = chunk.GetSpan<Target>();
            for (var i = 0; i < chunk.Count; i++, index++)
            {
                if (!brains[i].Learning || targets[i].Label < 0 || index % Stride != phase) continue;
                ref var o = ref observations[i];
                World.Get<NeuralModel>(brains[i].Model).Replay?.Add(((ReadOnlySpan<float>)o.Values)[..o.Length], targets[i].Label);
            }
        }
    }
}
