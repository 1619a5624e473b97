namespace Myelin.Backends;

/// <summary>Element-wise binary functions with NumPy broadcasting.</summary>
public enum BinaryKind
{
    /// <summary>y = a + b.</summary>
    Add,
    /// <summary>y = a − b.</summary>
    Subtract,
    /// <summary>y = a·b.</summary>
    Multiply,
    /// <summary>y = a / b.</summary>
    Divide,
    /// <summary>y = max(a, b).</summary>
    Maximum,
    /// <summary>y = min(a, b).</summary>
    Minimum,
    /// <summary>y = 1 where a ≥ b, else 0 (a mask; not differentiable).</summary>
    GreaterEqual,
    /// <summary>y = 1 where a = b, else 0 (a mask; not differentiable).</summary>
    Equal,
}
