namespace Myelin.Backends;

/// <summary>
/// A piece of work split into parts. Either part p always covers the same data, or (<see cref="Shared"/>)
/// the parts take chunks from a shared counter until none are left, so any one part can finish the job.
/// </summary>
internal interface IPartitionedJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Run(int part, int parts);

    /// <summary>
    /// True when the parts share one queue of chunks: a helper that has not started by the time the
    /// caller ran out of chunks is revoked instead of waited for.
    /// </summary>
    bool Shared => false;
}

/// <summary>
/// Rows handed out in tiles from a shared counter (<see cref="IPartitionedJob.Shared"/>): a thread that
/// is late (another process on its core) costs its tiles, not the whole call. Which thread computes a
/// tile never changes its values. Call <see cref="Reset"/> before each run.
/// </summary>
internal abstract class RowTileJob : IPartitionedJob
{
    private int _next;

    /// <summary>Rows in all.</summary>
    protected abstract int RowCount { get; }

    /// <summary>Rows per tile.</summary>
    protected abstract int TileRows { get; }

    /// <summary>Computes rows r0..r1−1.</summary>
    protected abstract void Tile(int r0, int r1);

    public bool Shared => true;

    public void Reset() => _next = 0;

    public void Run(int part, int parts)
    {
        int n = RowCount, step = TileRows;
        while (true)
        {
            var r0 = Interlocked.Add(ref _next, step) - step;
            if (r0 >= n) return;
            Tile(r0, Math.Min(n, r0 + step));
        }
    }
}

/// <summary>
/// Persistent worker threads for <see cref="CpuBackend"/>: started once, woken per call, no allocation
/// per call. Partitions are fixed by the caller or handed out as tiles of fixed rows, so results never
/// depend on which thread ran what.
/// If the pool is busy (another thread is using it), the parts simply run on the caller.
/// </summary>
internal sealed class CpuWorkers
{
    private readonly Thread[] _threads;
    private readonly Signal[] _start;
    private readonly Signal[] _done;
    private IPartitionedJob? _job;
    private int _parts;
    private readonly int[] _state; // per helper: Idle, Pending (woken for a run), Running, Revoked
    private const int Idle = 0, Pending = 1, Running = 2, Revoked = 3;
    private int _busy;
    private Exception? _failure;

    /// <summary>Creates <paramref name="count"/> − 1 helper threads (the caller is part 0).</summary>
    public CpuWorkers(int count)
    {
        Count = Math.Max(1, count);
        _threads = new Thread[Count];
        _start = new Signal[Count];
        _done = new Signal[Count];
        _state = new int[Count];
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
            for (var w = 1; w < parts; w++)
            {
                Volatile.Write(ref _state[w], Pending);
                _start[w].Set();
            }
            Exception? own = null;
            try { job.Run(0, parts); }
            catch (Exception e) { own = e; }
            // A helper still Pending never touched the job: revoke it when the caller has done all the
            // shared work. Running helpers are always waited for, even when the caller's part failed.
            for (var w = 1; w < parts; w++)
                if (!job.Shared || Interlocked.CompareExchange(ref _state[w], Revoked, Pending) != Pending)
                    _done[w].Wait();
            if (own is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(own);
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
            // Revoked (the caller finished the shared work first): the wake-up belongs to a finished run.
            if (Interlocked.CompareExchange(ref _state[w], Running, Pending) != Pending) continue;
            try { _job!.Run(w, _parts); }
            catch (Exception e) { _failure = e; }
            finally
            {
                Volatile.Write(ref _state[w], Idle);
                _done[w].Set();
            }
        }
    }

    /// <summary>
    /// An auto-reset wake-up: spins for up to <see cref="SpinTicks"/> (yielding the core now and then after
    /// the first fifth), then blocks on a monitor. Unlike
    /// ManualResetEventSlim it allocates nothing on the managed heap the first time a wait has to block
    /// (that lazily created wait handle showed up as a per-call allocation on a loaded machine).
    /// </summary>
    private sealed class Signal
    {
        /// <summary>
        /// How long a wait spins before it blocks (about 100 µs): back-to-back parallel calls (a matmul
        /// loop, a training step's layers) then find their helpers awake instead of paying a kernel
        /// wake-up each, while an idle pool still goes to sleep almost at once.
        /// </summary>
        private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency / 10_000;

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
            if (!Volatile.Read(ref _set))
            {
                // Thread.SpinWait pauses without yielding the core; read the clock only every few rounds.
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (var round = 1; !Volatile.Read(ref _set); round++)
                {
                    Thread.SpinWait(20);
                    if (round % 8 != 0) continue;
                    var spun = System.Diagnostics.Stopwatch.GetTimestamp() - start;
                    if (spun > SpinTicks) break;
                    // Past the first fifth, let a thread queued for this core run: when another process holds
                    // the other core, the thread that will set this signal may be waiting behind the spinner
                    // (W2's step took 3x as long with a busy loop on one core, 1.5x with the yields).
                    if (spun > SpinTicks / 5) Thread.Yield();
                }
            }
            lock (_lock)
            {
                while (!_set) Monitor.Wait(_lock);
                _set = false;
            }
        }
    }
}
