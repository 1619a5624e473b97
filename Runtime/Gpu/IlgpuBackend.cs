using ILGPU.Algorithms;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

/// <summary>
/// The ILGPU backend: every <see cref="IBackend"/> primitive as an ILGPU kernel, on CUDA when a
/// device exists (the CPU accelerator, a slow GPU simulator, serves tests). Tensors stay on the
/// device through forward, backward and optimizer steps: kernels are queued on the accelerator's
/// default stream and only <see cref="Download"/> waits for them.
/// <para>
/// All kernels are compiled and loaded once, in the constructor (<c>LoadStreamKernel</c>, kept in
/// readonly fields); a primitive call only fills a small argument struct and launches. Not thread-safe:
/// drive one backend from one thread.
/// </para>
/// </summary>
public sealed partial class IlgpuBackend : IBackend, IDisposable
{
    /// <summary>The message when ILGPU finds no CUDA device.</summary>
    public const string NoCudaMessage = "no CUDA device: using the CPU backend";

    private readonly Context _context;
    private readonly int _group;
    private readonly int _maxGroups;
    private readonly int _gemmThreads;
    private readonly int _gemmGroupsWanted;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _dummy;
    private PageLockedArray1D<float>? _staging;
    private bool _disposed;

    private IlgpuBackend(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
        _group = PowerOfTwoAtMost(Math.Min(ReduceKernels.MaxGroup, accelerator.MaxNumThreadsPerGroup));
        _gemmThreads = accelerator.AcceleratorType == AcceleratorType.CPU ? GemmKernel.SmallThreads : GemmKernel.LargeThreads;
        if (accelerator.MaxNumThreadsPerGroup < _gemmThreads * _gemmThreads)
            throw new NotSupportedException($"Accelerator '{accelerator.Name}' allows {accelerator.MaxNumThreadsPerGroup} threads per group; the matmul kernel needs {_gemmThreads * _gemmThreads}.");
        // Split-K aims for two matmul groups per multiprocessor (the simulator's single one gets 4, so tests split).
        _gemmGroupsWanted = Math.Max(4, 2 * accelerator.NumMultiprocessors);
        // A few waves of groups per multiprocessor; grid-stride loops cover the rest.
        _maxGroups = Math.Max(1, accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / _group) * 4);
        _dummy = accelerator.Allocate1D<float>(1);
        _dummy.View.MemSetToZero(accelerator.DefaultStream);
        LoadKernels(accelerator);
    }

    /// <summary>
    /// ILGPU's O2 (its default is O1): on an H200 the matmul kernel compiles to 124 registers instead
    /// of 157 and runs at 25.9 instead of 20.9 TFLOP/s (n = 4096). The simulator uses the same level,
    /// so the tests run the same transformed kernels.
    /// </summary>
    private const OptimizationLevel Optimization = OptimizationLevel.O2;

    /// <summary>The ILGPU accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>True when running on a CUDA device (false on the CPU simulator).</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <inheritdoc />
    public string Name => IsCuda ? "ilgpu-cuda" : "ilgpu-cpu";

    /// <summary>The device's name, e.g. "NVIDIA H200" or "CPUAccelerator".</summary>
    public string DeviceName => Accelerator.Name;

    /// <summary>
    /// Opens the first CUDA device. ILGPU silently falls back to its CPU accelerator when there is no
    /// GPU or driver; this method checks the accelerator type and reports that case instead.
    /// </summary>
    /// <param name="backend">The backend, or null when no CUDA device could be opened.</param>
    /// <param name="reason">Why not ("no CUDA device: using the CPU backend", or the driver's error); the device name on success.</param>
    public static bool TryCreateCuda(out IlgpuBackend? backend, out string reason)
    {
        backend = null;
        CudaLibraryResolver.Register();
        Context? context = null;
        try
        {
            // EnableAlgorithms: PTX has no intrinsic for MathF.Pow (and friends); ILGPU.Algorithms supplies them (seen on an H200).
            context = Context.Create(b => b.Cuda().EnableAlgorithms().Optimize(Optimization));
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                context.Dispose();
                reason = NoCudaMessage;
                return false;
            }
            var accelerator = devices[0].CreateAccelerator(context);
            if (accelerator.AcceleratorType != AcceleratorType.Cuda)
            {
                accelerator.Dispose();
                context.Dispose();
                reason = NoCudaMessage;
                return false;
            }
            backend = new IlgpuBackend(context, accelerator);
            reason = accelerator.Name;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CudaException or InvalidOperationException or NotSupportedException or TypeInitializationException)
        {
            context?.Dispose();
            reason = $"{NoCudaMessage} ({e.GetType().Name}: {e.Message})";
            return false;
        }
    }

    /// <summary>
    /// ILGPU's CPU accelerator: runs the very same kernels as simulated GPU threads (shared memory
    /// and barriers included). Slow (~0.35 ms per launch, ~1 GFLOP/s): for tests only.
    /// </summary>
    public static IlgpuBackend CreateCpuSimulator()
    {
        // The simulator runs one OS thread per simulated thread and a launch costs about 80 µs per
        // thread, so it gets groups of 16 (4 warps of 4) on one multiprocessor: ~0.35 ms per launch.
        var device = new CPUDevice(4, 4, 1);
        var context = Context.Create(b => b.CPU(device).EnableAlgorithms().Optimize(Optimization));
        var accelerator = device.CreateAccelerator(context);
        return new IlgpuBackend(context, accelerator);
    }

    /// <inheritdoc />
    public TensorStorage Allocate(int capacity)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new IlgpuStorage(this, capacity);
    }

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<float> source, Tensor destination)
    {
        if (source.Length > destination.Length)
            throw new ArgumentException($"{source.Length} values do not fit tensor {destination.Shape}.");
        if (source.Length == 0) return;
        var staging = Staging(source.Length);
        source.CopyTo(_staging!.Span);
        var stream = Accelerator.DefaultStream;
        Dense(destination, source.Length).CopyFrom(stream, staging);
        stream.Synchronize(); // the staging buffer is reused by the next transfer
    }

    /// <inheritdoc />
    public void Download(Tensor source, Span<float> destination)
    {
        if (destination.Length > source.Length)
            throw new ArgumentException($"Tensor {source.Shape} has fewer than {destination.Length} elements.");
        if (destination.Length == 0) return;
        var staging = Staging(destination.Length);
        var stream = Accelerator.DefaultStream;
        staging.CopyFrom(stream, Dense(source, destination.Length));
        stream.Synchronize();
        _staging!.Span[..destination.Length].CopyTo(destination);
    }

    /// <summary>
    /// The first <paramref name="length"/> floats of a page-locked host buffer that every upload and
    /// download goes through, grown (never shrunk) on demand. ILGPU's span copies wrap the caller's
    /// memory in a new buffer object per call (80 bytes on the managed heap, every training step's
    /// loss read-back and batch upload); copying through one long-lived buffer allocates nothing.
    /// </summary>
    private ArrayView1D<float, Stride1D.Dense> Staging(int length)
    {
        if (_staging is null || _staging.Length < length)
        {
            _staging?.Dispose();
            _staging = Accelerator.AllocatePageLocked1D<float>(Math.Max(length, 1024));
        }
        return _staging.ArrayView.SubView(0, length);
    }

    /// <summary>Waits until every queued kernel has finished (for timing; primitives never need it).</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <summary>The first <paramref name="length"/> elements of the tensor's device buffer.</summary>
    internal ArrayView1D<float, Stride1D.Dense> Dense(Tensor t, int length)
    {
        if (t.Storage is not IlgpuStorage s || s.Backend != this)
            throw new ArgumentException($"Tensor {t.Shape} lives on backend '{t.Backend.Name}', not on this ILGPU backend ('{Name}'). Move it with Tensor.To(backend).");
        return s.Buffer.View.SubView(0, length);
    }

    /// <summary>The tensor's elements as a kernel argument.</summary>
    private ArrayView<float> V(Tensor t) => Dense(t, Math.Max(1, t.Length)).BaseView;

    /// <summary>The tensor's elements, or a one-float dummy when it is absent.</summary>
    private ArrayView<float> VOrDummy(Tensor? t) => t is null ? _dummy.View.BaseView : V(t);

    /// <summary>Grid-stride launch shape for <paramref name="n"/> independent items.</summary>
    private KernelConfig Stride(int n) => new(Math.Clamp((n + _group - 1) / _group, 1, _maxGroups), _group);

    private static int PowerOfTwoAtMost(int n)
    {
        var p = 1;
        while (p * 2 <= n) p *= 2;
        return p;
    }

    /// <summary>Frees the accelerator and its context (and with them any storage still alive).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _dummy.Dispose();
        _splitWorkspace?.Dispose();
        _staging?.Dispose();
        Accelerator.Dispose();
        _context.Dispose();
    }
}
