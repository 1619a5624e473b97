namespace Myelin.Backends;

/// <summary>
/// Hyper-parameters of one fused optimizer update, passed by value to the backend. One struct
/// serves every update rule; each rule reads the fields it documents.
/// </summary>
public readonly record struct OptimizerHyper
{
    /// <summary>Learning rate (after any schedule).</summary>
    public float LearningRate { get; init; }
    /// <summary>Momentum (SGD) or decay of the squared-gradient average (RMSprop alpha).</summary>
    public float Momentum { get; init; }
    /// <summary>Adam β1.</summary>
    public float Beta1 { get; init; }
    /// <summary>Adam β2 or RMSprop's smoothing constant.</summary>
    public float Beta2 { get; init; }
    /// <summary>Added to denominators for numerical safety.</summary>
    public float Epsilon { get; init; }
    /// <summary>L2 weight decay (added to the gradient) or decoupled decay (AdamW).</summary>
    public float WeightDecay { get; init; }
    /// <summary>Use Nesterov momentum (SGD).</summary>
    public bool Nesterov { get; init; }
    /// <summary>Apply weight decay directly to the weights (AdamW) rather than through the gradient.</summary>
    public bool DecoupledWeightDecay { get; init; }
    /// <summary>1-based step number, for Adam's bias correction.</summary>
    public int Step { get; init; }
}
