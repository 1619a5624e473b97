namespace Myelin.Ecs;

public sealed partial class World
{
    /// <summary>True when <paramref name="entity"/> has a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity.</param>
    /// <exception cref="InvalidOperationException">The entity is not alive.</exception>
    public bool Has<T>(Entity entity) where T : struct =>
        SlotOf(entity).Archetype!.IndexOf(ComponentType<T>.Id) >= 0;

    /// <summary>A reference to <paramref name="entity"/>'s <typeparamref name="T"/>, valid until the next structural change.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity that has <typeparamref name="T"/>.</param>
    /// <returns>The component, by reference: writes go straight to storage.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive or has no <typeparamref name="T"/>.</exception>
    public ref T Get<T>(Entity entity) where T : struct
    {
        ref EntitySlot slot = ref SlotOf(entity);
        Archetype archetype = slot.Archetype!;
        int index = archetype.IndexOf(ComponentType<T>.Id);
        if (index < 0) ThrowMissing(entity, typeof(T));
        T[] column = System.Runtime.CompilerServices.Unsafe.As<T[]>(archetype.Chunks[slot.ChunkIndex].Columns[index]);
        return ref column[slot.Row];
    }

    /// <summary>Overwrites <paramref name="entity"/>'s existing <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity that has <typeparamref name="T"/>.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="InvalidOperationException">The entity is not alive or has no <typeparamref name="T"/>.</exception>
    public void Set<T>(Entity entity, in T value) where T : struct => Get<T>(entity) = value;

    /// <summary>Adds a <typeparamref name="T"/> to <paramref name="entity"/>, moving it to another archetype.</summary>
    /// <typeparam name="T">Component type the entity does not have yet.</typeparam>
    /// <param name="entity">A live entity.</param>
    /// <param name="value">The component's value.</param>
    /// <exception cref="InvalidOperationException">The entity is not alive, already has <typeparamref name="T"/>, or a query is iterating.</exception>
    public void Add<T>(Entity entity, in T value) where T : struct
    {
        EnsureNotIterating(nameof(Add));
        int typeId = ComponentType<T>.Id;
        ref EntitySlot slot = ref SlotOf(entity);
        Archetype source = slot.Archetype!;
        if (source.IndexOf(typeId) >= 0)
            throw new InvalidOperationException($"{entity} already has a {typeof(T).Name}; use Set to change it.");
        if (!source.AddEdges.TryGetValue(typeId, out Archetype? target))
        {
            ComponentMask mask = source.Mask.Clone();
            mask.Set(typeId);
            target = GetOrCreateArchetype(mask);
            source.AddEdges.Add(typeId, target);
        }
        Move(entity, ref slot, target);
        target.Chunks[slot.ChunkIndex].GetArray<T>()[slot.Row] = value;
    }

    /// <summary>Removes <paramref name="entity"/>'s <typeparamref name="T"/>, moving it to another archetype.</summary>
    /// <typeparam name="T">Component type the entity has.</typeparam>
    /// <param name="entity">A live entity.</param>
    /// <exception cref="InvalidOperationException">The entity is not alive, has no <typeparamref name="T"/>, or a query is iterating.</exception>
    public void Remove<T>(Entity entity) where T : struct => Remove(entity, ComponentType<T>.Id);

    internal void Remove(Entity entity, int typeId)
    {
        EnsureNotIterating(nameof(Remove));
        ref EntitySlot slot = ref SlotOf(entity);
        Archetype source = slot.Archetype!;
        if (source.IndexOf(typeId) < 0) ThrowMissing(entity, ComponentRegistry.TypeOf(typeId));
        if (!source.RemoveEdges.TryGetValue(typeId, out Archetype? target))
        {
            var mask = new ComponentMask();
            foreach (int id in source.TypeIds)
                if (id != typeId) mask.Set(id);
            target = GetOrCreateArchetype(mask);
            source.RemoveEdges.Add(typeId, target);
        }
        Move(entity, ref slot, target);
    }

    // Copies the components both archetypes share into a new row of `target`, then frees the old row.
    private void Move(Entity entity, ref EntitySlot slot, Archetype target)
    {
        Archetype source = slot.Archetype!;
        int sourceChunkIndex = slot.ChunkIndex;
        int sourceRow = slot.Row;
        target.Allocate(entity, out int chunkIndex, out int row);
        Chunk from = source.Chunks[sourceChunkIndex];
        Chunk to = target.Chunks[chunkIndex];
        for (int i = 0; i < source.TypeIds.Length; i++)
        {
            int j = target.IndexOf(source.TypeIds[i]);
            if (j >= 0) source.OpsAt(i).Copy(from.Columns[i], sourceRow, to.Columns[j], row);
        }
        FreeRow(source, sourceChunkIndex, sourceRow);
        slot.Archetype = target;
        slot.ChunkIndex = chunkIndex;
        slot.Row = row;
    }

    private static void ThrowMissing(Entity entity, Type type) =>
        throw new InvalidOperationException($"{entity} has no {type.Name} component.");
}
