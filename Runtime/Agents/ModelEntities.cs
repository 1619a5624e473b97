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
    public static Entity Create(World world, Model model, ReplayBuffer? replay = null, TrainingBudget? budget = null, ulong seed = 0) =>
        world.Create(new NeuralModel { Model = model, Replay = replay, Budget = budget ?? new TrainingBudget(), Sampler = new Rng(seed ^ 0x5EED) },
                     new TrainingStats());

    /// <summary>Destroys a model entity and releases the model's tensors (device memory included).</summary>
    public static void Destroy(World world, Entity modelEntity)
    {
        ref var m = ref world.Get<NeuralModel>(modelEntity);
        foreach (var t in m.Model.Network.State()) t.Storage.Dispose();
        world.Destroy(modelEntity);
    }
}
