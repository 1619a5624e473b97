namespace Myelin.Demos.Xor;

/// <summary>The optimizers the playground offers (TF Playground has plain SGD only).</summary>
public enum PlaygroundOptimizer
{
    /// <summary>Plain SGD.</summary>
    Sgd,
    /// <summary>SGD with momentum 0.9.</summary>
    Momentum,
    /// <summary>SGD with Nesterov momentum 0.9.</summary>
    Nesterov,
    /// <summary>Adagrad.</summary>
    Adagrad,
    /// <summary>RMSprop (ρ = 0.9).</summary>
    RmsProp,
    /// <summary>Adam (β = 0.9, 0.999).</summary>
    Adam,
    /// <summary>AdamW, decoupled weight decay 0.01.</summary>
    AdamW,
}
