namespace Myelin.Backends;

/// <summary>
/// The fast managed CPU backend: SIMD loops and a packed matmul; threads only above a work threshold.
/// Primitives not overridden here use the reference loops, which are already the right algorithm.
/// </summary>
public sealed partial class CpuBackend : ReferenceBackend
{
    private readonly int _threads;

    /// <summary>The shared instance.</summary>
    public static new CpuBackend Instance { get; } = new();

    /// <summary>
    /// A backend whose primitives use at most <paramref name="threads"/> threads (default: all cores,
    /// still capped by <see cref="MaxThreads"/>). Give a background trainer its own instance with
    /// fewer threads to leave cores to the frame: an instance is used by one thread at a time.
    /// </summary>
    public CpuBackend(int? threads = null)
    {
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "A CPU backend needs at least one thread.");
        _threads = threads ?? int.MaxValue;
    }

    /// <summary>Threads this instance's primitives may use: its own cap, <see cref="MaxThreads"/> and the core count.</summary>
    public int Threads => Math.Max(1, Math.Min(_threads, Math.Min(MaxThreads, Environment.ProcessorCount)));

    /// <inheritdoc />
    public override string Name => "cpu";
}
