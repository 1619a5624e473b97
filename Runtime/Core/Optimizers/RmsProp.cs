using Myelin.Backends;

namespace Myelin.Optimizers;

/// <summary>RMSprop: divides by a running root-mean-square of gradients (decay ρ), optional momentum.</summary>
public sealed class RmsProp(IEnumerable<Tensor> parameters, float learningRate = 0.001f, float rho = 0.9f, float momentum = 0f, float epsilon = 1e-8f)
    : Optimizer(parameters, learningRate)
{
    private Tensor?[]? _meanSquare, _momentum;

    /// <inheritdoc />
    public override string Name => "rmsprop";

    /// <inheritdoc />
    protected override void Update(int index, Tensor p, Tensor g, float lr, int step, UpdateCheck check) =>
        p.Backend.RmsPropUpdate(p, g, State(ref _meanSquare, index, p), momentum > 0f ? State(ref _momentum, index, p) : null,
            Hyper(lr, step) with { Beta2 = rho, Momentum = momentum, Epsilon = epsilon }, check);
}
