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
    private readonly Signal[] _start;
    private readonly Signal[] _done;
    private IPartitionedJob? _job;
    private int _parts;
    private int _busy;
    private Exception? _failure;

    /// <summary>Creates <paramref name="count"/> − 1 helper threads (the caller is part 0).</summary>
    public CpuWorkers(int count)
    {
        Count = Math.Max(1, count);
        _threads = new Thread[Count];
        _start = new Signal[Count];
        _done = new Signal[Count];
        for (var w = 1; w < Count; w++)
        {
            _start[w] = new Signal();
            _done[w] = new Signal();
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
            for (var w = 1; w < parts; w++) _start[w].Set();
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
            try { _job!.Run(w, _parts); }
            catch (Exception e) { _failure = e; }
            finally { _done[w].Set(); }
        }
    }

    /// <summary>
    /// An auto-reset wake-up: spins briefly, then blocks on a monitor. Unlike ManualResetEventSlim it
    /// allocates nothing on the managed heap the first time a wait has to block (that lazily created
    /// wait handle showed up as a per-call allocation on a loaded machine).
    /// </summary>
    private sealed class Signal
    {
        private readonly object _lock = new();
        private bool _set;

        public void Set()
        {
            lock (_lock)
            {
                _set = true;
                Monitor.Pulse(_lock);
            }
        }

        public void Wait()
        {
            var spin = new SpinWait();
            while (!Volatile.Read(ref _set) && !spin.NextSpinWillYield) spin.SpinOnce();
            lock (_lock)
            {
                while (!_set) Monitor.Wait(_lock);
                _set = false;
            }
        }
    }
}
