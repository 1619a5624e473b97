using Myelin.Backends;

namespace Myelin.Optimizers;

/// <summary>
/// Stochastic gradient descent: p −= lr·g. With momentum μ: v = μv + g, p −= lr·v; Nesterov looks
/// ahead: p −= lr·(g + μv).
/// </summary>
public sealed class Sgd(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float momentum = 0f, bool nesterov = false, float weightDecay = 0f)
    : Optimizer(parameters, learningRate, weightDecay)
{
    private Tensor?[]? _velocity;

    /// <summary>Momentum μ (0 = plain SGD).</summary>
    public float Momentum { get; } = momentum >= 0f && momentum < 1f ? momentum : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");

    /// <summary>Nesterov look-ahead (needs momentum).</summary>
    public bool Nesterov { get; } = nesterov;

    /// <inheritdoc />
    public override string Name => Nesterov ? "nesterov" : Momentum > 0f ? "momentum" : "sgd";

    /// <inheritdoc />
    protected override void Update(int index, Tensor p, Tensor g, float lr, int step, UpdateCheck check)
    {
        var v = Momentum > 0f ? State(ref _velocity, index, p) : null;
        p.Backend.SgdUpdate(p, g, v, Hyper(lr, step) with { Momentum = Momentum, Nesterov = Nesterov }, check);
    }
}
