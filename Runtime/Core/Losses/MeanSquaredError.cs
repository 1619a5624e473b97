namespace Myelin.Losses;

/// <summary>MSE = mean((y − t)²) over all elements.</summary>
public sealed class MeanSquaredError(TargetKind targets = TargetKind.Values) : Loss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    public override TargetKind Targets { get; } = targets;

    /// <inheritdoc />
    public override Tensor Compute(Tensor prediction, Tensor target)
    {
        SameLength(prediction, target);
        target = target.Shape == prediction.Shape ? target : Ops.Reshape(target, prediction.Shape);
        return Ops.Mean(Ops.Square(Ops.Subtract(prediction, target)));
    }
}
