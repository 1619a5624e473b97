namespace Myelin.Optimizers;

/// <summary>AdamW: Adam with decoupled weight decay (p −= lr·λ·p each step), default λ = 0.01.</summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    : Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
{
    /// <inheritdoc />
    protected override bool Decoupled => true;

    /// <inheritdoc />
    public override string Name => "adamw";
}
