namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    /// <summary>
    /// destination row i = source row indices[first + i], for i below <paramref name="count"/>, rows of
    /// <paramref name="rowLength"/> floats: a mini-batch gather, split across the threads when it is large
    /// (64 random MNIST rows are ~200 KB that miss every cache, ~40 µs of one core's memory latency).
    /// Safe to call from several threads at once (a data loader on a background thread): each calling
    /// thread has its own job, and the worker pool runs a second caller's parts inline.
    /// </summary>
    public void GatherRows(float[] source, int rowLength, int[] indices, int first, int count, Tensor destination)
    {
        if (rowLength < 0 || first < 0 || count < 0 || count > indices.Length - first || destination.Length < (long)count * rowLength)
            throw new ArgumentException($"GatherRows: {count} rows of {rowLength} from index {first} of {indices.Length} do not fit the destination {destination.Shape}.");
        var rows = rowLength == 0 ? 0 : source.Length / rowLength;
        for (var i = first; i < first + count; i++)
            if ((uint)indices[i] >= (uint)rows)
                throw new ArgumentOutOfRangeException(nameof(indices), $"GatherRows: indices[{i}] = {indices[i]} is outside the {rows} rows of the source.");
        var job = t_gatherJob ??= new GatherJob();
        job.Source = source; job.Destination = Host(destination); job.Indices = indices;
        job.RowLength = rowLength; job.First = first; job.Count = count;
        try
        {
            // a thread's share should be worth waking it: a few rows of a few KB
            RunParts(job, (long)count * rowLength >= GatherParallelFloats ? Math.Min(Threads, count) : 1);
        }
        finally { job.Source = job.Destination = null!; job.Indices = null!; }
    }

    private const int GatherParallelFloats = 16 * 1024;

    [ThreadStatic] private static GatherJob? t_gatherJob;

    private sealed class GatherJob : IPartitionedJob
    {
        public float[] Source = null!, Destination = null!;
        public int[] Indices = null!;
        public int RowLength, First, Count;

        public void Run(int part, int parts)
        {
            int r0 = Count * part / parts, r1 = Count * (part + 1) / parts, length = RowLength;
            for (var r = r0; r < r1; r++)
                Source.AsSpan(Indices[First + r] * length, length).CopyTo(Destination.AsSpan(r * length, length));
        }
    }
}
