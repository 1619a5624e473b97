namespace Myelin.Demos.Xor;

/// <summary>What the network predicts.</summary>
public enum PlaygroundProblem
{
    /// <summary>A class, +1 or −1 (datasets Circle, Xor, Gaussian, Spiral).</summary>
    Classification,
    /// <summary>A value in [−1, 1] (datasets Plane, MultiGaussian).</summary>
    Regression,
}
