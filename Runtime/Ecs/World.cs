using System.Runtime.CompilerServices;

namespace Myelin.Ecs;

/// <summary>
/// Holds entities and their struct components in archetype chunks, and runs queries over them.
/// Not thread-safe for structural changes; queries may read and write components from worker threads
/// (<see cref="ParallelQuery{TForEach, T0}"/>). Structural changes during a query throw; record them in a
/// <see cref="CommandBuffer"/> instead.
/// </summary>
public sealed partial class World : IDisposable
{
    // 128 KiB: per-chunk overhead amortised over ~10k rows of small components (1M-entity iteration
    // measured within 1.5x of a plain array loop at 128 KiB, 2.5-3.3x at 16 KiB; Tests/Benchmarks/EcsIterationBenchmarks).
    private const int DefaultChunkBytes = 128 * 1024;

    private readonly int _chunkBytes;
    private readonly List<Archetype> _archetypes = new();
    private readonly Dictionary<ComponentMask, Archetype> _archetypeByMask = new();
    private readonly Dictionary<QueryDescription, Query> _queries = new();
    private readonly Archetype _emptyArchetype;
    private EntitySlot[] _slots = new EntitySlot[256];
    private int[] _freeIds = new int[64];
    private int _freeCount;
    private int _nextId;
    private int _size;
    private int _queryDepth;

    /// <summary>Creates an empty world.</summary>
    /// <param name="chunkBytes">Approximate bytes per chunk; each archetype fits as many rows as this allows (16 to 4096).</param>
    /// <param name="workerThreads">Threads <see cref="ParallelQuery{TForEach, T0}"/> may use besides the caller; 0 picks <c>ProcessorCount - 1</c> (at most 7).</param>
    public World(int chunkBytes = DefaultChunkBytes, int workerThreads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 256);
        ArgumentOutOfRangeException.ThrowIfNegative(workerThreads);
        _chunkBytes = chunkBytes;
        WorkerThreads = workerThreads > 0 ? workerThreads : Math.Clamp(Environment.ProcessorCount - 1, 1, 7);
        _emptyArchetype = GetOrCreateArchetype(new ComponentMask());
    }

    /// <summary>Number of live entities.</summary>
    public int Size => _size;

    /// <summary>Number of entity slots allocated so far (live plus free).</summary>
    public int Capacity => _nextId;

    /// <summary>Number of distinct component sets (archetypes) seen so far, including the empty one.</summary>
    public int ArchetypeCount => _archetypes.Count;

    /// <summary>True while a query is iterating; structural changes then throw.</summary>
    public bool IsIterating => Volatile.Read(ref _queryDepth) > 0;

    internal List<Archetype> ArchetypeList => _archetypes;

    /// <summary>True when <paramref name="entity"/> was created by this world and not destroyed since.</summary>
    /// <param name="entity">The handle to check.</param>
    public bool IsAlive(Entity entity) =>
        (uint)entity.Id < (uint)_nextId && entity.Version != 0 && _slots[entity.Id].Version == entity.Version;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref EntitySlot SlotOf(Entity entity)
    {
        if (!IsAlive(entity)) ThrowNotAlive(entity);
        return ref _slots[entity.Id];
    }

    private void ThrowNotAlive(Entity entity)
    {
        string why = (uint)entity.Id < (uint)_nextId && entity.Version != 0
            ? $"it was destroyed (slot is now version {_slots[entity.Id].Version})"
            : "it was never created by this world";
        throw new InvalidOperationException($"{entity} is not alive: {why}.");
    }

    private void EnsureNotIterating(string operation)
    {
        if (Volatile.Read(ref _queryDepth) > 0)
            throw new InvalidOperationException(
                $"World.{operation} is a structural change and cannot run while a query iterates; record it in a CommandBuffer and play it back after the query.");
    }

    internal Archetype GetOrCreateArchetype(ComponentMask mask)
    {
        if (_archetypeByMask.TryGetValue(mask, out Archetype? archetype)) return archetype;
        var ids = new List<int>();
        for (int id = 0; id < ComponentRegistry.Count; id++)
            if (mask.Contains(id)) ids.Add(id);
        ComponentMask key = mask.Clone();
        archetype = new Archetype(key, ids.ToArray(), _chunkBytes);
        _archetypes.Add(archetype);
        _archetypeByMask.Add(key, archetype);
        return archetype;
    }

    internal Query GetQuery(QueryDescription description)
    {
        Query? last = description.LastQuery;
        if (last is not null && ReferenceEquals(last.World, this)) return last;
        if (!_queries.TryGetValue(description, out Query? query))
        {
            query = new Query(this, description);
            _queries.Add(description, query);
        }
        description.LastQuery = query;
        return query;
    }

    /// <summary>Stops the worker threads used by parallel queries. The world's data stays readable.</summary>
    public void Dispose() => _workers?.Dispose();
}
