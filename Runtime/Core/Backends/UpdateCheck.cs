namespace Myelin.Backends;

/// <summary>
/// Turns an optimizer update primitive into a dry run over the same arithmetic: the new parameter and
/// state values are computed but none is written. Instead <c>Flags[2·Slot]</c> is set to 1 when a
/// gradient element is NaN or infinite, and <c>Flags[2·Slot + 1]</c> when a new parameter or state value
/// would be (flags that stay clear are not written). The default value (no flags) applies the update.
/// </summary>
/// <param name="Flags">Where the verdicts go: at least 2·(Slot + 1) floats on the same backend.</param>
/// <param name="Slot">The parameter's index among the ones checked together.</param>
public readonly record struct UpdateCheck(Tensor? Flags, int Slot)
{
    /// <summary>True for a dry run, false for the update itself.</summary>
    public bool IsDryRun => Flags is not null;

    /// <summary>Index of the "gradient not finite" flag.</summary>
    public int GradientFlag => 2 * Slot;

    /// <summary>Index of the "a new value would not be finite" flag.</summary>
    public int ValueFlag => 2 * Slot + 1;
}
