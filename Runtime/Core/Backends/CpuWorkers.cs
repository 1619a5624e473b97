namespace Myelin.Backends;

/// <summary>A piece of work split into a fixed number of parts; part p always covers the same data.</summary>
internal interface IPartitionedJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Run(int part, int parts);
}

/// <summary>
/// Persistent worker threads for <see cref="CpuBackend"/>: started once, woken per call, no allocation
/// per call. Partitions are fixed by the caller, so results never depend on which thread ran what.
/// If the pool is busy (another thread is using it), the parts simply run on the caller.
/// </summary>
internal sealed class CpuWorkers
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim[] _done;
    private IPartitionedJob? _job;
    private int _parts;
    private int _busy;
    private Exception? _failure;

    /// <summary>Creates <paramref name="count"/> − 1 helper threads (the caller is part 0).</summary>
    public CpuWorkers(int count)
    {
        Count = Math.Max(1, count);
        _threads = new Thread[Count];
        _start = new ManualResetEventSlim[Count];
        _done = new ManualResetEventSlim[Count];
        for (var w = 1; w < Count; w++)
        {
            _start[w] = new ManualResetEventSlim(false, 2000);
            _done[w] = new ManualResetEventSlim(false, 2000);
            var index = w;
            _threads[w] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"myelin-cpu-{w}" };
            _threads[w].Start();
        }
    }

    /// <summary>Threads available, the caller included.</summary>
    public int Count { get; }

    /// <summary>Runs parts 0..parts−1 (parts ≤ Count); part 0 on the caller. Returns when all are done.</summary>
    public void Run(IPartitionedJob job, int parts)
    {
        parts = Math.Min(parts, Count);
        if (parts <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (var p = 0; p < parts; p++) job.Run(p, parts);
            return;
        }
        try
        {
            _job = job;
            _parts = parts;
            _failure = null;
            for (var w = 1; w < parts; w++) { _done[w].Reset(); _start[w].Set(); }
            job.Run(0, parts);
            for (var w = 1; w < parts; w++) _done[w].Wait();
            if (_failure is not null) throw new AggregateException("A CPU worker failed.", _failure);
        }
        finally
        {
            _job = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    private void Loop(int w)
    {
        while (true)
        {
            _start[w].Wait();
            _start[w].Reset();
            try { _job!.Run(w, _parts); }
            catch (Exception e) { _failure = e; }
            finally { _done[w].Set(); }
        }
    }
}
