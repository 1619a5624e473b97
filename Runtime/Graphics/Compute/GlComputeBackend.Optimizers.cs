using Myelin.Backends;

namespace Myelin.Graphics;

public sealed partial class GlComputeBackend
{
    private readonly ComputeKernel _sgd, _adam, _adagrad, _rmsProp;

    /// <inheritdoc />
    public void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h, UpdateCheck check = default) =>
        Run(_sgd, parameter.Length, [parameter.Length, velocity is null ? 0 : 1, h.Nesterov ? 1 : 0, check.IsDryRun ? 1 : 0, check.Slot],
            [h.LearningRate, h.Momentum, h.WeightDecay], parameter, gradient, velocity, check.Flags);

    /// <inheritdoc />
    public void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h, UpdateCheck check = default)
    {
        // Bias corrections on the host with MathF.Pow, exactly as the reference computes them.
        var c1 = 1f - MathF.Pow(h.Beta1, h.Step);
        var c2 = 1f - MathF.Pow(h.Beta2, h.Step);
        Run(_adam, parameter.Length, [parameter.Length, h.DecoupledWeightDecay ? 1 : 0, check.IsDryRun ? 1 : 0, check.Slot],
            [h.LearningRate, h.Beta1, h.Beta2, h.Epsilon, h.WeightDecay, c1, c2], parameter, gradient, m, v, check.Flags);
    }

    /// <inheritdoc />
    public void AdagradUpdate(Tensor parameter, Tensor gradient, Tensor sumSquares, in OptimizerHyper h, UpdateCheck check = default) =>
        Run(_adagrad, parameter.Length, [parameter.Length, check.IsDryRun ? 1 : 0, check.Slot], [h.LearningRate, h.Epsilon, h.WeightDecay],
            parameter, gradient, sumSquares, check.Flags);

    /// <inheritdoc />
    public void RmsPropUpdate(Tensor parameter, Tensor gradient, Tensor meanSquare, Tensor? momentumBuffer, in OptimizerHyper h, UpdateCheck check = default) =>
        Run(_rmsProp, parameter.Length, [parameter.Length, momentumBuffer is null ? 0 : 1, check.IsDryRun ? 1 : 0, check.Slot],
            [h.LearningRate, h.Beta2, h.Epsilon, h.WeightDecay, h.Momentum], parameter, gradient, meanSquare, momentumBuffer, check.Flags);
}
