using Myelin.Backends;

namespace Myelin.Gpu;

/// <summary>Picks a backend by name, falling back to the CPU when no CUDA device is present.</summary>
public static class GpuBackends
{
    /// <summary>
    /// The CUDA backend when a device exists; otherwise <see cref="CpuBackend"/> with a message saying
    /// why ("no CUDA device: using the CPU backend"). The message names the device on success.
    /// </summary>
    public static IBackend CreateIlgpuOrFallback(out string message)
    {
        if (IlgpuBackend.TryCreateCuda(out var backend, out var reason))
        {
            message = $"ILGPU on CUDA device {reason}";
            return backend!;
        }
        message = reason;
        return CpuBackend.Instance;
    }

    /// <summary>
    /// A backend by name: "ilgpu" or "cuda" (CUDA, else the CPU backend with a message), "ilgpu-cpu"
    /// (ILGPU's CPU simulator, for tests), "cpu", or "reference". Dispose the result when it is IDisposable.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the known ones.</exception>
    public static IBackend Select(string name, out string message)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "ilgpu":
            case "cuda":
                return CreateIlgpuOrFallback(out message);
            case "ilgpu-cpu":
                message = "ILGPU CPU simulator (slow; for tests)";
                return IlgpuBackend.CreateCpuSimulator();
            case "cpu":
                message = "CPU backend";
                return CpuBackend.Instance;
            case "reference":
                message = "reference backend (scalar loops)";
                return ReferenceBackend.Instance;
            default:
                throw new ArgumentException($"Unknown backend '{name}'; choose ilgpu, cuda, ilgpu-cpu, cpu or reference.", nameof(name));
        }
    }
}
