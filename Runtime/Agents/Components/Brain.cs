using Myelin.Ecs;

namespace Myelin.Agents.Components;

/// <summary>
/// Marks an entity as driven by a network: <see cref="Model"/> is the entity holding the
/// <see cref="NeuralModel"/>. Agents with the same model are batched into one forward pass.
/// </summary>
/// <param name="Model">The model entity.</param>
/// <param name="Learning">True when this agent's experience feeds the model's training.</param>
public record struct Brain(Entity Model, bool Learning = true);
