namespace Myelin.Ecs;

// Where a live entity's row is: archetype, chunk index and row; Version is the slot's generation.
internal struct EntitySlot
{
    public Archetype? Archetype;
    public int ChunkIndex;
    public int Row;
    public int Version;
}
