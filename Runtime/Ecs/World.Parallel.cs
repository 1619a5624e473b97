namespace Myelin.Ecs;

public sealed partial class World
{
    private WorkerPool? _workers;
    private Chunk[] _gathered = new Chunk[64];

    /// <summary>Threads that help <c>ParallelQuery</c> besides the calling thread.</summary>
    public int WorkerThreads { get; }

    // Copies the query's non-empty chunks into a reused buffer; returns how many.
    private int GatherChunks(Query query)
    {
        int count = 0;
        foreach (Archetype archetype in query.Archetypes)
        {
            int chunkCount = archetype.ChunkCount;
            if (count + chunkCount > _gathered.Length)
                Array.Resize(ref _gathered, Math.Max(_gathered.Length * 2, count + chunkCount));
            Array.Copy(archetype.Chunks, 0, _gathered, count, chunkCount);
            count += chunkCount;
        }
        return count;
    }

    private void RunParallel(ChunkJob job, int chunkCount)
    {
        job.Chunks = _gathered;
        job.ChunkCount = chunkCount;
        job.Partitions = Math.Min(WorkerThreads + 1, chunkCount);
        try
        {
            if (job.Partitions == 1)
            {
                job.Execute(0);
            }
            else
            {
                _workers ??= new WorkerPool(WorkerThreads);
                _workers.Run(job, job.Partitions);
            }
        }
        finally
        {
            job.Chunks = [];
        }
    }
}
