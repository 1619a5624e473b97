namespace Myelin.Demos.Xor;

/// <summary>Input features computed from a point (x1, x2); the network sees them in this bit order.</summary>
[Flags]
public enum PlaygroundFeatures
{
    /// <summary>No feature (invalid as a setting).</summary>
    None = 0,
    /// <summary>x1.</summary>
    X1 = 1,
    /// <summary>x2.</summary>
    X2 = 2,
    /// <summary>x1².</summary>
    X1Squared = 4,
    /// <summary>x2².</summary>
    X2Squared = 8,
    /// <summary>x1·x2.</summary>
    X1TimesX2 = 16,
    /// <summary>sin x1.</summary>
    SinX1 = 32,
    /// <summary>sin x2.</summary>
    SinX2 = 64,
    /// <summary>All seven.</summary>
    All = 127,
}
