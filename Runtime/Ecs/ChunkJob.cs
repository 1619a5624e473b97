namespace Myelin.Ecs;

// A parallel query over a gathered chunk list, cut into `Partitions` contiguous ranges.
// Range p is [p*n/P, (p+1)*n/P): it depends only on the chunk and partition counts, never on timing.
internal abstract class ChunkJob
{
    public Chunk[] Chunks = [];
    public int ChunkCount;
    public int Partitions;

    public void Execute(int partition)
    {
        int start = (int)((long)partition * ChunkCount / Partitions);
        int end = (int)((long)(partition + 1) * ChunkCount / Partitions);
        Run(Chunks, start, end);
    }

    protected abstract void Run(Chunk[] chunks, int start, int end);
}
