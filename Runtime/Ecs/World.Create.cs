namespace Myelin.Ecs;

public sealed partial class World
{
    /// <summary>Creates an entity with no components.</summary>
    /// <returns>The new entity's handle.</returns>
    public Entity Create()
    {
        EnsureNotIterating(nameof(Create));
        Entity entity = NewEntity(_emptyArchetype, out _, out _);
        return entity;
    }

    /// <summary>Creates an entity with one component.</summary>
    /// <typeparam name="T0">First component type.</typeparam>
    /// <param name="c0">First component value.</param>
    /// <returns>The new entity's handle.</returns>
    public Entity Create<T0>(in T0 c0) where T0 : struct
    {
        EnsureNotIterating(nameof(Create));
        Entity entity = NewEntity(GetOrCreateArchetype(Signature<T0>.Mask ?? Signature.Duplicate()), out Chunk chunk, out int row);
        chunk.GetArray<T0>()[row] = c0;
        return entity;
    }

    /// <summary>Creates an entity with two components.</summary>
    /// <typeparam name="T0">First component type.</typeparam>
    /// <typeparam name="T1">Second component type.</typeparam>
    /// <param name="c0">First component value.</param>
    /// <param name="c1">Second component value.</param>
    /// <returns>The new entity's handle.</returns>
    /// <exception cref="ArgumentException">Two type arguments are the same type.</exception>
    public Entity Create<T0, T1>(in T0 c0, in T1 c1) where T0 : struct where T1 : struct
    {
        EnsureNotIterating(nameof(Create));
        Entity entity = NewEntity(GetOrCreateArchetype(Signature<T0, T1>.Mask ?? Signature.Duplicate()), out Chunk chunk, out int row);
        chunk.GetArray<T0>()[row] = c0;
        chunk.GetArray<T1>()[row] = c1;
        return entity;
    }

    /// <summary>Creates an entity with three components.</summary>
    /// <typeparam name="T0">First component type.</typeparam>
    /// <typeparam name="T1">Second component type.</typeparam>
    /// <typeparam name="T2">Third component type.</typeparam>
    /// <param name="c0">First component value.</param>
    /// <param name="c1">Second component value.</param>
    /// <param name="c2">Third component value.</param>
    /// <returns>The new entity's handle.</returns>
    /// <exception cref="ArgumentException">Two type arguments are the same type.</exception>
    public Entity Create<T0, T1, T2>(in T0 c0, in T1 c1, in T2 c2) where T0 : struct where T1 : struct where T2 : struct
    {
        EnsureNotIterating(nameof(Create));
        Entity entity = NewEntity(GetOrCreateArchetype(Signature<T0, T1, T2>.Mask ?? Signature.Duplicate()), out Chunk chunk, out int row);
        chunk.GetArray<T0>()[row] = c0;
        chunk.GetArray<T1>()[row] = c1;
        chunk.GetArray<T2>()[row] = c2;
        return entity;
    }

    /// <summary>Creates an entity with four components.</summary>
    /// <typeparam name="T0">First component type.</typeparam>
    /// <typeparam name="T1">Second component type.</typeparam>
    /// <typeparam name="T2">Third component type.</typeparam>
    /// <typeparam name="T3">Fourth component type.</typeparam>
    /// <param name="c0">First component value.</param>
    /// <param name="c1">Second component value.</param>
    /// <param name="c2">Third component value.</param>
    /// <param name="c3">Fourth component value.</param>
    /// <returns>The new entity's handle.</returns>
    /// <exception cref="ArgumentException">Two type arguments are the same type.</exception>
    public Entity Create<T0, T1, T2, T3>(in T0 c0, in T1 c1, in T2 c2, in T3 c3)
        where T0 : struct where T1 : struct where T2 : struct where T3 : struct
    {
        EnsureNotIterating(nameof(Create));
        Entity entity = NewEntity(GetOrCreateArchetype(Signature<T0, T1, T2, T3>.Mask ?? Signature.Duplicate()), out Chunk chunk, out int row);
        chunk.GetArray<T0>()[row] = c0;
        chunk.GetArray<T1>()[row] = c1;
        chunk.GetArray<T2>()[row] = c2;
        chunk.GetArray<T3>()[row] = c3;
        return entity;
    }

    /// <summary>Destroys <paramref name="entity"/>; its handle (and copies of it) become stale.</summary>
    /// <param name="entity">A live entity.</param>
    /// <exception cref="InvalidOperationException">The entity is not alive, or a query is iterating.</exception>
    public void Destroy(Entity entity)
    {
        EnsureNotIterating(nameof(Destroy));
        ref EntitySlot slot = ref SlotOf(entity);
        FreeRow(slot.Archetype!, slot.ChunkIndex, slot.Row);
        slot.Archetype = null;
        slot.Version++;
        if (slot.Version == int.MaxValue) slot.Version = 1;
        if (_freeCount == _freeIds.Length) Array.Resize(ref _freeIds, _freeIds.Length * 2);
        _freeIds[_freeCount++] = entity.Id;
        _size--;
    }

    private Entity NewEntity(Archetype archetype, out Chunk chunk, out int row)
    {
        int id;
        if (_freeCount > 0)
        {
            id = _freeIds[--_freeCount];
        }
        else
        {
            id = _nextId++;
            if (id == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            _slots[id].Version = 1;
        }
        ref EntitySlot slot = ref _slots[id];
        var entity = new Entity(id, slot.Version);
        archetype.Allocate(entity, out int chunkIndex, out row);
        slot.Archetype = archetype;
        slot.ChunkIndex = chunkIndex;
        slot.Row = row;
        chunk = archetype.Chunks[chunkIndex];
        _size++;
        return entity;
    }

    // Removes a row and re-points the entity that the archetype moved into the hole.
    private void FreeRow(Archetype archetype, int chunkIndex, int row)
    {
        Entity moved = archetype.RemoveAt(chunkIndex, row);
        if (moved.Version == 0) return;
        ref EntitySlot movedSlot = ref _slots[moved.Id];
        movedSlot.ChunkIndex = chunkIndex;
        movedSlot.Row = row;
    }
}
