namespace Myelin.Ecs;

public sealed partial class World
{
    /// <summary>
    /// The non-empty chunks of every archetype matching <paramref name="description"/>, for loops over
    /// component spans: <c>foreach (Chunk chunk in world.GetChunks(in desc)) { var p = chunk.GetSpan&lt;Position&gt;(); ... }</c>.
    /// The world refuses structural changes until the <c>foreach</c> ends.
    /// </summary>
    /// <param name="description">Which entities to visit.</param>
    /// <returns>An allocation-free enumerable of chunks.</returns>
    public ChunkEnumerable GetChunks(in QueryDescription description) => new(this, GetQuery(description));

    /// <summary>Number of live entities matching <paramref name="description"/>.</summary>
    /// <param name="description">Which entities to count.</param>
    /// <returns>The count, summed over matching archetypes.</returns>
    public int CountEntities(in QueryDescription description)
    {
        int count = 0;
        foreach (Archetype archetype in GetQuery(description).Archetypes) count += archetype.EntityCount;
        return count;
    }

    internal void EnterIteration() => _queryDepth++;

    internal void ExitIteration() => _queryDepth--;

    private static void RequireAll(Query query, int typeId, Type type)
    {
        if (!query.Description.All.Contains(typeId))
            throw new InvalidOperationException(
                $"The query callback takes {type.Name}, but the QueryDescription does not require it; add WithAll<{type.Name}>().");
    }
}
