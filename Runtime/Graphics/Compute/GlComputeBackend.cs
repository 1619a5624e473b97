using System.Diagnostics;
using Myelin.Backends;
using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// The GLSL 430 compute backend: every <see cref="IBackend"/> primitive is one compute shader in
/// Shaders/Compute, named like the primitive, compiled once when the backend is made (the
/// element-wise ones once per function kind, on first use: see <see cref="KernelVariants"/>). Tensors are
/// SSBOs (<see cref="GlStorage"/>) that rendering code on the same context can read directly
/// (<see cref="BufferOf"/>). Dispatches are separated by shader-storage barriers, never glFinish;
/// only <see cref="Download"/> waits for the GPU.
/// <para>Use it on the thread where its context is current.</para>
/// </summary>
public sealed partial class GlComputeBackend : IBackend, IDisposable
{
    private const int MaxGroups = 65535;

    private readonly ShaderStorageBuffer _unbound;
    private readonly List<ComputeKernel> _kernels = [];
    private readonly List<KernelVariants> _variants = [];
    private readonly int _strideGroups;

    /// <summary>Compiles every compute shader on <paramref name="context"/>, which must be current.</summary>
    /// <exception cref="InvalidOperationException">A shader failed to compile; the message holds the driver log.</exception>
    public GlComputeBackend(IGlContext context)
    {
        Context = context;
        Gl = context.Gl;
        _unbound = new ShaderStorageBuffer(Gl, 1);
        // A software rasteriser runs work groups on a few CPU threads and pays per group: a short
        // grid-stride loop over a few groups per core halves element-wise dispatches on llvmpipe.
        // GPUs keep one group per 256 elements (up to the axis limit).
        var renderer = Gl.GetStringS(StringName.Renderer) ?? "";
        IsSoftwareRenderer = renderer.Contains("llvmpipe", StringComparison.OrdinalIgnoreCase) || renderer.Contains("softpipe", StringComparison.OrdinalIgnoreCase);
        _strideGroups = IsSoftwareRenderer ? 16 * Environment.ProcessorCount : MaxGroups;
        try
        {
            _fill = Load("Fill"); _axpby = Load("Axpby"); _unary = Variants("Unary", UnaryKinds); _unaryBackward = Variants("UnaryBackward", UnaryKinds);
            _binary = Variants("Binary", BinaryKinds); _sumTo = Load("SumTo"); _matMul = Load("MatMul"); _dense = Variants("Dense", UnaryKinds);
            _permute = Load("Permute"); _im2Col = Load("Im2Col"); _col2Im = Load("Col2Im");
            _maxPool = Load("MaxPool2D"); _maxPoolBackward = Load("MaxPool2DBackward");
            _avgPool = Load("AvgPool2D"); _avgPoolBackward = Load("AvgPool2DBackward");
            _softmax = Load("Softmax"); _softmaxBackward = Load("SoftmaxBackward");
            _softmaxCrossEntropy = Load("SoftmaxCrossEntropy"); _softmaxCrossEntropyBackward = Load("SoftmaxCrossEntropyBackward");
            _argMax = Load("ArgMax"); _dropoutMask = Load("DropoutMask"); _clipByNorm = Load("ClipByNorm");
            _sgd = Load("SgdUpdate"); _adam = Load("AdamUpdate"); _adagrad = Load("AdagradUpdate"); _rmsProp = Load("RmsPropUpdate");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>True on a CPU rasteriser (Mesa llvmpipe/softpipe): correct, slow, tuned for few work groups.</summary>
    public bool IsSoftwareRenderer { get; }

    /// <summary>The context whose GL objects this backend owns.</summary>
    public IGlContext Context { get; }

    /// <summary>The context's GL entry points.</summary>
    public GL Gl { get; }

    /// <inheritdoc />
    public string Name => "gl-compute";

    /// <inheritdoc />
    public TensorStorage Allocate(int capacity) => new GlStorage(this, capacity);

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<float> source, Tensor destination)
    {
        if (source.Length > destination.Length)
            throw new ArgumentException($"{source.Length} values do not fit tensor {destination.Shape}.");
        Storage(destination).Buffer.Write(source);
    }

    /// <inheritdoc />
    public void Download(Tensor source, Span<float> destination) => Storage(source).Buffer.Read(destination);

    /// <summary>
    /// The GL buffer name of a tensor's SSBO, for drawing straight from network state. Issue
    /// glMemoryBarrier with the bit matching the use (e.g. VERTEX_ATTRIB_ARRAY) before reading it.
    /// </summary>
    public uint BufferOf(Tensor tensor) => Storage(tensor).Buffer.Handle;

    /// <summary>Deletes the compute programs (tensors free their own buffers).</summary>
    public void Dispose()
    {
        foreach (var kernel in _kernels) kernel.Program.Dispose();
        _kernels.Clear();
        foreach (var family in _variants) family.Dispose();
        _variants.Clear();
        _unbound.Dispose();
    }

    private static readonly int UnaryKinds = Enum.GetValues<UnaryKind>().Max(k => (int)k) + 1;
    private static readonly int BinaryKinds = Enum.GetValues<BinaryKind>().Max(k => (int)k) + 1;

    private KernelVariants Variants(string name, int kinds)
    {
        var family = new KernelVariants(Gl, name, kinds);
        _variants.Add(family);
        return family;
    }

    private ComputeKernel Load(string name)
    {
        var kernel = new ComputeKernel(ShaderSource.LoadCompute(Gl, name));
        _kernels.Add(kernel);
        return kernel;
    }

    private GlStorage Storage(Tensor t) => t.Storage is GlStorage s && ReferenceEquals(s.Backend, this)
        ? s
        : throw new ArgumentException($"Tensor {t.Shape} lives on backend '{t.Backend.Name}', not on this GL compute backend: move it with Tensor.To(backend).");

    /// <summary>Runs <paramref name="kernel"/> over <paramref name="count"/> items with a grid-stride loop.</summary>
    private void Run(ComputeKernel kernel, int count, ReadOnlySpan<int> ints, ReadOnlySpan<float> floats, params ReadOnlySpan<Tensor?> buffers)
    {
        if (count <= 0) return;
        var groups = Math.Min((count + kernel.LocalX - 1) / kernel.LocalX, _strideGroups);
        Dispatch(kernel, (uint)groups, 1, ints, floats, buffers);
    }

    /// <summary>Runs a 2-D kernel with one invocation per (column, row).</summary>
    private void Run2D(ComputeKernel kernel, int columns, int rows, ReadOnlySpan<int> ints, ReadOnlySpan<float> floats, params ReadOnlySpan<Tensor?> buffers)
    {
        if (columns <= 0 || rows <= 0) return;
        var gx = (columns + kernel.LocalX - 1) / kernel.LocalX;
        var gy = (rows + kernel.LocalY - 1) / kernel.LocalY;
        if (gx > MaxGroups || gy > MaxGroups)
            throw new NotSupportedException($"{kernel.Program.Name}: a {rows}x{columns} result exceeds the {MaxGroups} work groups per axis.");
        Dispatch(kernel, (uint)gx, (uint)gy, ints, floats, buffers);
    }

    [Conditional("DEBUG")]
    private void AssertCurrent(ComputeKernel kernel)
    {
        if (!Context.IsCurrent)
            throw new InvalidOperationException($"{kernel.Program.Name}: the backend's GL context is not current on this thread; call MakeCurrent() first.");
    }

    private unsafe void Dispatch(ComputeKernel kernel, uint groupsX, uint groupsY, ReadOnlySpan<int> ints, ReadOnlySpan<float> floats, ReadOnlySpan<Tensor?> buffers)
    {
        AssertCurrent(kernel);
        var program = kernel.Program;
        program.Use();
        // Drivers trim unused array tails; writing past the active size would be an error.
        var intCount = Math.Min(ints.Length, kernel.IntsSize);
        if (intCount > 0)
            fixed (int* p = ints) Gl.ProgramUniform1(program.Handle, kernel.IntsLocation, (uint)intCount, p);
        var floatCount = Math.Min(floats.Length, kernel.FloatsSize);
        if (floatCount > 0)
            fixed (float* p = floats) Gl.ProgramUniform1(program.Handle, kernel.FloatsLocation, (uint)floatCount, p);
        for (var i = 0; i < buffers.Length; i++)
        {
            var handle = buffers[i] is { } t ? Storage(t).Buffer.Handle : _unbound.Handle;
            Gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, (uint)i, handle);
        }
        Gl.DispatchCompute(groupsX, groupsY, 1);
        // The next dispatch may read what this one wrote.
        Gl.MemoryBarrier(MemoryBarrierMask.ShaderStorageBarrierBit);
    }
}
