using Myelin.Backends;
using Myelin.Gpu;
using Myelin.Graphics;
using Silk.NET.OpenGL;

namespace Myelin.Editor.Bench;

/// <summary>What kind of device a bench backend runs on: decides sizes, targets and how the clock waits.</summary>
internal enum BackendKind
{
    /// <summary>Myelin's CPU or reference backend: synchronous, nothing to wait for.</summary>
    Cpu,
    /// <summary>ILGPU on a CUDA device.</summary>
    Cuda,
    /// <summary>ILGPU's CPU accelerator (a GPU simulator): correctness only, tiny sizes.</summary>
    IlgpuSimulator,
    /// <summary>GLSL compute on a hardware GL driver.</summary>
    GlHardware,
    /// <summary>GLSL compute on a software rasteriser (llvmpipe): correctness only, small sizes.</summary>
    GlSoftware,
}

/// <summary>A backend <c>--backend</c> cannot make here (no CUDA device, no EGL); the run exits 2 with the message.</summary>
internal sealed class BackendUnavailableException(string message) : Exception(message);

/// <summary>
/// The GPU backends of <c>myelin bench</c>: their factories, what kind each is, and the wait that
/// every timed region ends with (GPU work is queued asynchronously; a clock stopped before the
/// device finished would count only the launches).
/// </summary>
internal static class BenchBackends
{
    /// <summary>ILGPU on CUDA; never the CPU fallback nor the simulator.</summary>
    public static IBackend CreateIlgpuCuda()
    {
        if (IlgpuBackend.TryCreateCuda(out var backend, out var reason)) return backend!;
        var why = reason.StartsWith(IlgpuBackend.NoCudaMessage, StringComparison.Ordinal)
            ? "no CUDA device" + reason[IlgpuBackend.NoCudaMessage.Length..]
            : reason;
        throw new BackendUnavailableException(
            $"myelin bench: backend 'ilgpu' needs a CUDA device: {why}. Nothing was measured: ILGPU would fall back to the CPU, " +
            "and those figures are not a GPU's. Use --backend cpu, or --backend ilgpu-sim for a correctness smoke run on ILGPU's CPU simulator.");
    }

    /// <summary>ILGPU's CPU simulator (the runner forces quick sizes on it).</summary>
    public static IBackend CreateIlgpuSimulator() => IlgpuBackend.CreateCpuSimulator();

    /// <summary>A headless EGL context with the GLSL compute backend on it (the runner disposes both).</summary>
    public static IBackend CreateGlCompute()
    {
        EglContext context;
        try { context = new EglContext(); }
        catch (PlatformNotSupportedException e) { throw new BackendUnavailableException($"myelin bench: backend 'glcompute' needs a headless GL 4.5 context: {e.Message}"); }
        try { return new GlComputeBackend(context); }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>The kind of <paramref name="backend"/>.</summary>
    public static BackendKind KindOf(IBackend backend) => backend switch
    {
        IlgpuBackend i => i.IsCuda ? BackendKind.Cuda : BackendKind.IlgpuSimulator,
        GlComputeBackend g => IsSoftware(Renderer(g)) ? BackendKind.GlSoftware : BackendKind.GlHardware,
        _ => BackendKind.Cpu,
    };

    /// <summary>The device in words, for notes and the JSON ("NVIDIA H200", "llvmpipe (LLVM 15.0.6, 256 bits)"); null on the CPU.</summary>
    public static string? DeviceOf(IBackend backend) => backend switch
    {
        IlgpuBackend i => i.DeviceName,
        GlComputeBackend g => Renderer(g),
        _ => null,
    };

    /// <summary>
    /// Blocks until every queued command of <paramref name="backend"/> has finished: ILGPU's
    /// Synchronize, glFinish for GL compute, nothing on the CPU. Timed regions end with it.
    /// </summary>
    public static void Synchronize(IBackend backend)
    {
        switch (backend)
        {
            case IlgpuBackend i: i.Synchronize(); break;
            case GlComputeBackend g: g.Gl.Finish(); break;
        }
    }

    /// <summary>Makes a GL backend's context current on this thread (a no-op for the others).</summary>
    public static void MakeCurrent(IBackend backend)
    {
        if (backend is GlComputeBackend g) g.Context.MakeCurrent();
    }

    /// <summary>Frees a backend the runner made: the ILGPU accelerator, or the GL programs and their EGL context.</summary>
    public static void Release(IBackend backend)
    {
        switch (backend)
        {
            case GlComputeBackend g:
                g.Context.MakeCurrent();
                g.Dispose();
                g.Context.Dispose();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    private static string Renderer(GlComputeBackend g) => g.Gl.GetStringS(StringName.Renderer) ?? "unknown GL renderer";

    private static bool IsSoftware(string renderer) =>
        renderer.Contains("llvmpipe", StringComparison.OrdinalIgnoreCase)
        || renderer.Contains("softpipe", StringComparison.OrdinalIgnoreCase)
        || renderer.Contains("swrast", StringComparison.OrdinalIgnoreCase);
}
