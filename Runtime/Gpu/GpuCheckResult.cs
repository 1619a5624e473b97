namespace Myelin.Gpu;

/// <summary>One primitive compared with the reference backend.</summary>
/// <param name="Name">Primitive and case, e.g. "MatMul 33x17x65 Tᴬ".</param>
/// <param name="MaxError">Largest |device − reference| / (1 + |reference|) over the output.</param>
/// <param name="Tolerance">The bound the error had to stay within (0 for exact checks).</param>
public readonly record struct GpuCheckResult(string Name, double MaxError, double Tolerance)
{
    /// <summary>True when the error is within the tolerance.</summary>
    public bool Passed => MaxError <= Tolerance;
}
