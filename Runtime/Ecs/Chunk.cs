using System.Runtime.CompilerServices;

namespace Myelin.Ecs;

/// <summary>
/// A block of up to <see cref="Capacity"/> entities of one archetype, stored as one array per
/// component (structure of arrays). Rows <c>0..Count-1</c> are live; use <see cref="GetSpan{T}"/>
/// to run a tight or SIMD loop over one component column.
/// </summary>
public sealed class Chunk
{
    internal readonly Archetype Archetype;
    internal readonly Entity[] EntityArray;
    internal readonly Array[] Columns;
    internal int CountField;

    internal Chunk(Archetype archetype, int capacity)
    {
        Archetype = archetype;
        EntityArray = new Entity[capacity];
        Columns = new Array[archetype.TypeIds.Length];
        for (int i = 0; i < Columns.Length; i++)
            Columns[i] = ComponentRegistry.Ops(archetype.TypeIds[i]).CreateArray(capacity);
    }

    /// <summary>Number of live entities (rows) in this chunk.</summary>
    public int Count => CountField;

    /// <summary>Maximum number of entities this chunk can hold.</summary>
    public int Capacity => EntityArray.Length;

    /// <summary>The entities stored in rows <c>0..Count-1</c>, in row order.</summary>
    public ReadOnlySpan<Entity> Entities => new(EntityArray, 0, CountField);

    /// <summary>True when entities in this chunk have component <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    public bool Has<T>() where T : struct => Archetype.IndexOf(ComponentType<T>.Id) >= 0;

    /// <summary>
    /// The live rows of component column <typeparamref name="T"/>; index <c>i</c> belongs to <c>Entities[i]</c>.
    /// Valid until the next structural change of the world.
    /// </summary>
    /// <typeparam name="T">Component type; must be part of this chunk's archetype.</typeparam>
    /// <exception cref="InvalidOperationException">The archetype has no <typeparamref name="T"/>.</exception>
    public Span<T> GetSpan<T>() where T : struct => new(GetArray<T>(), 0, CountField);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] GetArray<T>() where T : struct
    {
        int index = Archetype.IndexOf(ComponentType<T>.Id);
        if (index < 0) ThrowMissing(typeof(T));
        return Unsafe.As<T[]>(Columns[index]);
    }

    private void ThrowMissing(Type type) =>
        throw new InvalidOperationException(
            $"Chunk of archetype {Archetype} has no component {type.Name}; add it to the query's WithAll.");
}
