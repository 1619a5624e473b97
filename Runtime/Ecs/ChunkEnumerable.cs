namespace Myelin.Ecs;

/// <summary>The chunks matched by a query; returned by <see cref="World.GetChunks"/> and used with <c>foreach</c>.</summary>
public readonly ref struct ChunkEnumerable
{
    private readonly World _world;
    private readonly Query _query;

    internal ChunkEnumerable(World world, Query query)
    {
        _world = world;
        _query = query;
    }

    /// <summary>Starts the enumeration and locks the world against structural changes until <see cref="Enumerator.Dispose"/>.</summary>
    /// <returns>The enumerator; <c>foreach</c> disposes it.</returns>
    public Enumerator GetEnumerator() => new(_world, _query.Archetypes);

    /// <summary>Walks the non-empty chunks of each matching archetype in archetype creation order.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<Archetype> _archetypes;
        private World? _world;
        private int _archetype;
        private int _chunk;

        internal Enumerator(World world, ReadOnlySpan<Archetype> archetypes)
        {
            _world = world;
            _archetypes = archetypes;
            _archetype = 0;
            _chunk = -1;
            Current = null!;
            world.EnterIteration();
        }

        /// <summary>The chunk at the current position.</summary>
        public Chunk Current { get; private set; }

        /// <summary>Advances to the next non-empty chunk.</summary>
        /// <returns>False when every chunk has been visited.</returns>
        public bool MoveNext()
        {
            while (_archetype < _archetypes.Length)
            {
                Archetype archetype = _archetypes[_archetype];
                if (++_chunk < archetype.ChunkCount)
                {
                    Current = archetype.Chunks[_chunk];
                    return true;
                }
                _archetype++;
                _chunk = -1;
            }
            return false;
        }

        /// <summary>Unlocks the world for structural changes.</summary>
        public void Dispose()
        {
            _world?.ExitIteration();
            _world = null;
        }
    }
}
