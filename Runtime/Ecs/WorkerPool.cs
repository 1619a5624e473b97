using System.Runtime.ExceptionServices;

namespace Myelin.Ecs;

// A few long-lived background threads that help run one ChunkJob at a time. Threads claim partition
// indices from a shared counter; the caller works too, then waits for the last partition.
// Nothing is allocated per run.
internal sealed class WorkerPool : IDisposable
{
    // _next rests here between runs so a late-waking worker claims nothing.
    private const int Idle = int.MaxValue / 2;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private ChunkJob? _job;
    private int _partitions;
    private int _next = Idle;
    private int _remaining;
    private Exception? _error;
    private volatile bool _disposed;

    public WorkerPool(int workers)
    {
        _threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"Myelin.Ecs worker {i}" };
            _threads[i].Start();
        }
    }

    public int Workers => _threads.Length;

    public void Run(ChunkJob job, int partitions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _job = job;
        _partitions = partitions;
        _remaining = partitions;
        _error = null;
        _done.Reset();
        Volatile.Write(ref _next, 0);
        _wake.Release(Math.Min(_threads.Length, partitions - 1));
        Work();
        _done.Wait();
        Volatile.Write(ref _next, Idle);
        _job = null;
        Exception? error = _error;
        _error = null;
        if (error is not null) ExceptionDispatchInfo.Throw(error);
    }

    private void Work()
    {
        int partition;
        while ((partition = Interlocked.Increment(ref _next) - 1) < Volatile.Read(ref _partitions))
        {
            try
            {
                _job!.Execute(partition);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
        }
    }

    private void Loop()
    {
        while (true)
        {
            _wake.Wait();
            if (_disposed) return;
            Work();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _wake.Release(_threads.Length);
        foreach (Thread thread in _threads) thread.Join();
        _wake.Dispose();
        _done.Dispose();
    }
}
