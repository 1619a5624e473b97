using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Systems;

/// <summary>
/// Sums this frame's <see cref="Reward.Last"/> of the agents of each model into the model entity's
/// <see cref="TrainingStats"/> (<see cref="TrainingStats.RewardLastFrame"/>, <see cref="TrainingStats.AgentsLastFrame"/>),
/// so a UI or a test can follow how well a shared policy does. Run it after the system that hands out rewards.
/// </summary>
public sealed class RewardStatsSystem(World world) : SystemBase(world)
{
    private readonly QueryDescription _agents = new QueryDescription().WithAll<Brain, Reward>();
    private readonly QueryDescription _models = new QueryDescription().WithAll<NeuralModel, TrainingStats>();

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        foreach (var chunk in World.GetChunks(_models))
        {
            var stats = chunk.GetSpan<TrainingStats>();
            for (var i = 0; i < chunk.Count; i++)
            {
                stats[i].RewardLastFrame = 0f;
                stats[i].AgentsLastFrame = 0;
            }
        }
        foreach (var chunk in World.GetChunks(_agents))
        {
            var brains = chunk.GetSpan<Brain>();
            var rewards = chunk.GetSpan<Reward>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var s = ref World.Get<TrainingStats>(brains[i].Model);
                s.RewardLastFrame += rewards[i].Last;
                s.AgentsLastFrame++;
            }
        }
    }
}
