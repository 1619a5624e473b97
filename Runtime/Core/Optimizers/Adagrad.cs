using Myelin.Backends;

namespace Myelin.Optimizers;

/// <summary>Adagrad: divides by the root of the sum of all past squared gradients.</summary>
public sealed class Adagrad(IEnumerable<Tensor> parameters, float learningRate = 0.01f, float epsilon = 1e-10f)
    : Optimizer(parameters, learningRate)
{
    private Tensor?[]? _sum;

    /// <inheritdoc />
    public override string Name => "adagrad";

    /// <inheritdoc />
    protected override void Update(int index, Tensor p, Tensor g, float lr, int step, UpdateCheck check) =>
        p.Backend.AdagradUpdate(p, g, State(ref _sum, index, p), Hyper(lr, step) with { Epsilon = epsilon }, check);
}
