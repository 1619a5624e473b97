using Myelin.Backends;

namespace Myelin.Optimizers;

/// <summary>
/// Adam: bias-corrected first and second moment estimates (β1, β2). With
/// <c>decoupled</c> weight decay it is AdamW (see <see cref="AdamW"/>).
/// </summary>
public class Adam(IEnumerable<Tensor> parameters, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
    : Optimizer(parameters, learningRate, weightDecay)
{
    private Tensor?[]? _m, _v;

    /// <summary>Decay weights directly (AdamW) instead of through the gradient.</summary>
    protected virtual bool Decoupled => false;

    /// <inheritdoc />
    public override string Name => "adam";

    /// <inheritdoc />
    protected override void Update(int index, Tensor p, Tensor g, float lr, int step, UpdateCheck check)
    {
        p.Backend.AdamUpdate(p, g, State(ref _m, index, p), State(ref _v, index, p),
            Hyper(lr, step) with { Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon, DecoupledWeightDecay = Decoupled }, check);
    }
}
