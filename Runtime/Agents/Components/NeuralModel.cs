using Myelin.Agents.Learning;
using Myelin.Training;

namespace Myelin.Agents.Components;

/// <summary>
/// A network living in the world as an entity: the model (with its backend and optimizer), its
/// replay buffer and training budget. Destroy the entity through <see cref="ModelEntities.Destroy"/>
/// to free the model's memory.
/// </summary>
public struct NeuralModel
{
    /// <summary>The network, compiled with an optimizer and loss when it learns.</summary>
    public Model Model;

    /// <summary>Experience to learn from, or null for inference-only models.</summary>
    public ReplayBuffer? Replay;

    /// <summary>How much training may run per frame.</summary>
    public TrainingBudget Budget;

    /// <summary>Seeded sampler for replay batches.</summary>
    public Rng Sampler;
}
