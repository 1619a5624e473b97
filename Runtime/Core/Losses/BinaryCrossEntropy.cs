namespace Myelin.Losses;

/// <summary>
/// Binary cross-entropy on logits, stable for any magnitude:
/// mean(max(x,0) − x·t + ln(1 + e^−|x|)). The network's last layer outputs logits (no sigmoid).
/// </summary>
public sealed class BinaryCrossEntropy : Loss
{
    /// <inheritdoc />
    public override string Name => "bce";

    /// <inheritdoc />
    public override TargetKind Targets => TargetKind.Binary;

    /// <inheritdoc />
    public override Tensor Compute(Tensor logits, Tensor target)
    {
        SameLength(logits, target);
        var t = target.Shape == logits.Shape ? target : Ops.Reshape(target, logits.Shape);
        var perElement = Ops.Relu(logits) - logits * t + Ops.Softplus(-Ops.Abs(logits));
        return Ops.Mean(perElement);
    }
}
