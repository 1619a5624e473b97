namespace Myelin.Training;

/// <summary>Metrics of one finished epoch (validation fields are NaN without validation data).</summary>
public readonly record struct EpochResult(int Epoch, float Loss, float Accuracy, float ValidationLoss, float ValidationAccuracy, double Seconds)
{
    /// <summary>One line for logs: "epoch 3  loss 0.1234  acc 96.50%  val_loss …".</summary>
    public override string ToString()
    {
        var s = $"epoch {Epoch,3}  loss {Loss:F4}";
        if (!float.IsNaN(Accuracy)) s += $"  acc {Accuracy * 100:F2}%";
        if (!float.IsNaN(ValidationLoss)) s += $"  val_loss {ValidationLoss:F4}";
        if (!float.IsNaN(ValidationAccuracy)) s += $"  val_acc {ValidationAccuracy * 100:F2}%";
        return s + $"  ({Seconds:F2}s)";
    }
}
