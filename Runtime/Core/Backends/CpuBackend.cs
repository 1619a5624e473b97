namespace Myelin.Backends;

/// <summary>
/// The fast managed CPU backend: SIMD loops and a packed matmul; threads only above a work threshold.
/// Primitives not overridden here use the reference loops, which are already the right algorithm.
/// </summary>
public sealed partial class CpuBackend : ReferenceBackend
{
    /// <summary>The shared instance.</summary>
    public static new CpuBackend Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "cpu";
}
