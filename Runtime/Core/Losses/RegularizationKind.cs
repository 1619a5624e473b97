namespace Myelin.Losses;

/// <summary>Which weight penalty <see cref="Regularization"/> adds to a loss.</summary>
public enum RegularizationKind
{
    /// <summary>No penalty.</summary>
    None,
    /// <summary>λ·Σ|w|: drives weights to exactly-sparse solutions (sub-gradient sign(w), 0 at 0).</summary>
    L1,
    /// <summary>λ·½Σw²: shrinks every weight in proportion to its size (gradient λ·w).</summary>
    L2,
}
