namespace Myelin.Ecs;

/// <summary>
/// A handle to an entity in a <see cref="World"/>: a slot <see cref="Id"/> plus the slot's
/// <see cref="Version"/> at creation. Ids are recycled; the version tells a stale handle apart.
/// </summary>
/// <param name="Id">Slot index in the world's entity table.</param>
/// <param name="Version">Generation of the slot; bumped each time the slot is freed.</param>
public readonly record struct Entity(int Id, int Version)
{
    /// <summary>The default handle; never alive in any world (live versions start at 1).</summary>
    public static Entity Null => default;

    /// <inheritdoc />
    public override string ToString() => $"Entity({Id}v{Version})";
}
