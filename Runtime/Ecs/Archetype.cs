namespace Myelin.Ecs;

// All entities with exactly one set of component types. Rows are kept dense across chunks:
// every chunk but the last in use is full, so a removal moves the archetype's last row into the hole.
internal sealed class Archetype
{
    public readonly int[] TypeIds;
    public readonly ComponentMask Mask;
    public readonly int ChunkCapacity;
    public readonly Dictionary<int, Archetype> AddEdges = new();
    public readonly Dictionary<int, Archetype> RemoveEdges = new();
    private readonly int[] _indexOfType;
    private readonly ComponentOps[] _ops;
    private Chunk[] _chunks = [];

    public Archetype(ComponentMask mask, int[] sortedTypeIds, int chunkBytes)
    {
        Mask = mask;
        TypeIds = sortedTypeIds;
        _ops = new ComponentOps[TypeIds.Length];
        int rowBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Entity>();
        int maxId = -1;
        for (int i = 0; i < TypeIds.Length; i++)
        {
            _ops[i] = ComponentRegistry.Ops(TypeIds[i]);
            rowBytes += _ops[i].Size;
            maxId = Math.Max(maxId, TypeIds[i]);
        }
        _indexOfType = new int[maxId + 1];
        Array.Fill(_indexOfType, -1);
        for (int i = 0; i < TypeIds.Length; i++) _indexOfType[TypeIds[i]] = i;
        ChunkCapacity = Math.Clamp(chunkBytes / rowBytes, 16, 4096);
    }

    public Chunk[] Chunks => _chunks;

    // Chunks 0..ChunkCount-1 hold entities; later ones are kept empty for reuse.
    public int ChunkCount { get; private set; }

    public int EntityCount { get; private set; }

    public int IndexOf(int typeId) => (uint)typeId < (uint)_indexOfType.Length ? _indexOfType[typeId] : -1;

    public ComponentOps OpsAt(int index) => _ops[index];

    // Appends `entity` as the archetype's last row; components are left for the caller to write.
    public void Allocate(Entity entity, out int chunkIndex, out int row)
    {
        if (ChunkCount == 0 || _chunks[ChunkCount - 1].CountField == ChunkCapacity)
        {
            if (ChunkCount == _chunks.Length)
            {
                Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
            }
            _chunks[ChunkCount] ??= new Chunk(this, ChunkCapacity);
            ChunkCount++;
        }
        chunkIndex = ChunkCount - 1;
        Chunk chunk = _chunks[chunkIndex];
        row = chunk.CountField++;
        chunk.EntityArray[row] = entity;
        EntityCount++;
    }

    // Frees (chunkIndex,row) by moving the archetype's last row into it.
    // Returns the entity that moved into the slot, or Entity.Null when the freed row was the last.
    public Entity RemoveAt(int chunkIndex, int row)
    {
        Chunk last = _chunks[ChunkCount - 1];
        int lastRow = last.CountField - 1;
        Entity moved = Entity.Null;
        if (chunkIndex != ChunkCount - 1 || row != lastRow)
        {
            Chunk hole = _chunks[chunkIndex];
            for (int i = 0; i < _ops.Length; i++)
                _ops[i].Copy(last.Columns[i], lastRow, hole.Columns[i], row);
            moved = last.EntityArray[lastRow];
            hole.EntityArray[row] = moved;
        }
        for (int i = 0; i < _ops.Length; i++) _ops[i].Clear(last.Columns[i], lastRow);
        last.EntityArray[lastRow] = Entity.Null;
        last.CountField--;
        EntityCount--;
        if (last.CountField == 0) ChunkCount--;
        return moved;
    }

    public override string ToString() =>
        "[" + string.Join(", ", TypeIds.Select(id => ComponentRegistry.TypeOf(id).Name)) + "]";
}
