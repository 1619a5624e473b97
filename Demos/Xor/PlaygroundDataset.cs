namespace Myelin.Demos.Xor;

/// <summary>The TensorFlow Playground data sets: four classification, two regression.</summary>
public enum PlaygroundDataset
{
    /// <summary>Classification: a disc (+1) inside a ring (−1).</summary>
    Circle,
    /// <summary>Classification: +1 where x·y ≥ 0 (quadrants I and III), −1 elsewhere.</summary>
    Xor,
    /// <summary>Classification: two Gaussian blobs at (2, 2) (+1) and (−2, −2) (−1); noise widens them.</summary>
    Gaussian,
    /// <summary>Classification: two interleaved spirals, 1.75 turns each.</summary>
    Spiral,
    /// <summary>Regression: the plane (x + y)/10, clamped to [−1, 1].</summary>
    Plane,
    /// <summary>Regression: six signed Gaussian bumps on a 3×2 grid, values in [−1, 1].</summary>
    MultiGaussian,
}
