namespace Myelin.Demos.Xor;

/// <summary>
/// The training objective for classification (regression always uses MSE on a linear output).
/// Both produce the same score s ∈ (−1, 1) for display and accuracy; see <see cref="Playground"/>.
/// </summary>
public enum PlaygroundLoss
{
    /// <summary>TF Playground's scheme: tanh output s, MSE against labels ±1.</summary>
    MeanSquaredError,
    /// <summary>Linear output z (a logit), binary cross-entropy against (label+1)/2; s = tanh(z/2) = 2σ(z)−1.</summary>
    CrossEntropy,
}
