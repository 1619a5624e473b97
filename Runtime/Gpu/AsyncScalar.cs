using ILGPU.Runtime;

namespace Myelin.Gpu;

/// <summary>
/// Reads one float (a loss, an accuracy) back from the device without stalling the frame: call
/// <see cref="Request"/> after queuing the step that produces it, and poll <see cref="TryGet"/> on
/// later frames. The copy goes into page-locked host memory on a stream of its own.
/// <para>
/// Ordering: ILGPU's default CUDA stream is the legacy NULL stream and the streams it creates are
/// blocking ones, so the copy waits for every kernel queued before it and later kernels wait for the
/// copy — the value read is the one the step produced. Each request allocates one small Task
/// (ILGPU's SynchronizeAsync); a game asks at most once per frame.
/// </para>
/// </summary>
public sealed class AsyncScalar : IDisposable
{
    private readonly IlgpuBackend _backend;
    private readonly AcceleratorStream _stream;
    private readonly PageLockedArray1D<float> _host;
    private Task? _inFlight;

    /// <summary>Creates the readback stream and its one-float page-locked buffer.</summary>
    public AsyncScalar(IlgpuBackend backend)
    {
        _backend = backend;
        _stream = backend.Accelerator.CreateStream();
        _host = backend.Accelerator.AllocatePageLocked1D<float>(1);
    }

    /// <summary>True while a requested value has not arrived yet.</summary>
    public bool Pending => _inFlight is not null;

    /// <summary>The last value received (NaN before the first).</summary>
    public float Latest { get; private set; } = float.NaN;

    /// <summary>
    /// Queues a copy of the first element of <paramref name="source"/> (on this backend). Returns
    /// false, queuing nothing, while the previous request is still in flight.
    /// </summary>
    public bool Request(Tensor source)
    {
        if (_inFlight is not null) return false;
        if (source.Length < 1) throw new ArgumentException($"AsyncScalar needs a tensor with at least one element; got {source.Shape}.", nameof(source));
        _backend.Dense(source, 1).CopyToPageLockedAsync(_stream, _host);
        _inFlight = _stream.SynchronizeAsync();
        return true;
    }

    /// <summary>
    /// Non-blocking: true (with the value) once the requested copy has landed, then the next request
    /// may start; false while it is in flight or when nothing was requested (value = <see cref="Latest"/>).
    /// </summary>
    public bool TryGet(out float value)
    {
        if (_inFlight is { IsCompleted: true } done)
        {
            _inFlight = null;
            done.GetAwaiter().GetResult(); // surfaces a device error here rather than losing it
            Latest = _host[0];
            value = Latest;
            return true;
        }
        value = Latest;
        return false;
    }

    /// <summary>Waits for a request in flight, then frees the stream and the page-locked buffer.</summary>
    public void Dispose()
    {
        try { _inFlight?.Wait(); }
        catch (AggregateException) { }
        _host.Dispose();
        _stream.Dispose();
    }
}
