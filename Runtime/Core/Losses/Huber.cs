namespace Myelin.Losses;

/// <summary>
/// Huber loss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond; quadratic near zero, linear for outliers.
/// Computed as ½m² + δ(|d| − m) with m = min(|d|, δ).
/// </summary>
public sealed class Huber : Loss
{
    private Tensor? _delta;

    /// <summary>Creates the loss with threshold δ.</summary>
    public Huber(float delta = 1f)
    {
        if (delta <= 0f) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber δ must be positive.");
        Delta = delta;
    }

    /// <summary>The threshold δ.</summary>
    public float Delta { get; }

    /// <inheritdoc />
    public override string Name => "huber";

    /// <inheritdoc />
    public override TargetKind Targets => TargetKind.Values;

    /// <inheritdoc />
    public override Tensor Compute(Tensor prediction, Tensor target)
    {
        SameLength(prediction, target);
        target = target.Shape == prediction.Shape ? target : Ops.Reshape(target, prediction.Shape);
        if (_delta is null || _delta.Backend != prediction.Backend) _delta = Tensor.Full(new Shape(1), Delta, prediction.Backend);
        var a = Ops.Abs(prediction - target);
        var m = Ops.Minimum(a, _delta);
        return Ops.Mean(Ops.Scale(Ops.Square(m), 0.5f) + Ops.Scale(a - m, Delta));
    }
}
