namespace Myelin.Losses;

/// <summary>
/// A loss plus a weight penalty: inner(prediction, target) + <see cref="Regularization"/>.Penalty(kind, weights, rate).
/// <see cref="Kind"/> and <see cref="Rate"/> can change between steps (live UI sliders).
/// </summary>
public sealed class RegularizedLoss(Loss inner, IReadOnlyList<Tensor> weights, RegularizationKind kind = RegularizationKind.None, float rate = 0f) : Loss
{
    /// <summary>The data term.</summary>
    public Loss Inner { get; } = inner;

    /// <summary>The penalised tensors.</summary>
    public IReadOnlyList<Tensor> Weights { get; } = weights;

    /// <summary>The penalty (None: the inner loss alone).</summary>
    public RegularizationKind Kind { get; set; } = kind;

    /// <summary>λ, the penalty's weight.</summary>
    public float Rate { get; set; } = rate;

    /// <inheritdoc />
    public override string Name => Kind == RegularizationKind.None ? Inner.Name : $"{Inner.Name}+{Kind}";

    /// <inheritdoc />
    public override TargetKind Targets => Inner.Targets;

    /// <inheritdoc />
    public override Tensor Compute(Tensor prediction, Tensor target)
    {
        var data = Inner.Compute(prediction, target);
        if (Kind == RegularizationKind.None || Rate == 0f || Weights.Count == 0) return data;
        return Ops.Add(data, Regularization.Penalty(Kind, Weights, Rate));
    }
}
