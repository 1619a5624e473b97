using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Ecs;
using Myelin.Training;

namespace Myelin.Agents;

/// <summary>Creating and destroying network entities.</summary>
public static class ModelEntities
{
    /// <summary>
    /// Adds <paramref name="model"/> to the world as an entity with <see cref="TrainingStats"/>;
    /// give it a replay buffer to make it learn.
    /// </summary>
    /// <exception cref="ArgumentException">The budget's batch size is not positive or exceeds the replay buffer's <see cref="ReplayBuffer.MaxBatch"/>.</exception>
    public static Entity Create(World world, Model model, ReplayBuffer? replay = null, TrainingBudget? budget = null, ulong seed = 0)
    {
        var b = budget ?? new TrainingBudget();
        if (replay is not null) CheckBatch(b, replay);
        return world.Create(new NeuralModel { Model = model, Replay = replay, Budget = b, Sampler = new Rng(seed ^ 0x5EED) }, new TrainingStats());
    }

    /// <summary>Throws unless <paramref name="budget"/>'s batch size is in 1..<paramref name="replay"/>'s MaxBatch.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void CheckBatch(in TrainingBudget budget, ReplayBuffer replay)
    {
        if (budget.BatchSize < 1 || budget.BatchSize > replay.MaxBatch)
            throw new ArgumentException(
                $"TrainingBudget.BatchSize is {budget.BatchSize} but the model's replay buffer samples batches of 1..{replay.MaxBatch} " +
                $"(its maxBatch); create the ReplayBuffer with maxBatch: {Math.Max(1, budget.BatchSize)} or lower the batch size.", nameof(budget));
    }

    /// <summary>Destroys a model entity and releases the model's tensors (device memory included).</summary>
    public static void Destroy(World world, Entity modelEntity)
    {
        ref var m = ref world.Get<NeuralModel>(modelEntity);
        foreach (var t in m.Model.Network.State()) t.Storage.Dispose();
        world.Destroy(modelEntity);
    }
}
