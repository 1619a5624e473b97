using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    public void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h, UpdateCheck check = default)
    {
        var n = parameter.Length;
        if (n == 0) return;
        _sgd(Stride(n), V(parameter), V(gradient), VOrDummy(velocity), VOrDummy(check.Flags), n, HyperArgs.From(h, velocity is not null, check));
    }

    /// <inheritdoc />
    public void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h, UpdateCheck check = default)
    {
        var n = parameter.Length;
        if (n == 0) return;
        _adam(Stride(n), V(parameter), V(gradient), V(m), V(v), VOrDummy(check.Flags), n, HyperArgs.From(h, true, check));
    }

    /// <inheritdoc />
    public void AdagradUpdate(Tensor parameter, Tensor gradient, Tensor sumSquares, in OptimizerHyper h, UpdateCheck check = default)
    {
        var n = parameter.Length;
        if (n == 0) return;
        _adagrad(Stride(n), V(parameter), V(gradient), V(sumSquares), VOrDummy(check.Flags), n, HyperArgs.From(h, true, check));
    }

    /// <inheritdoc />
    public void RmsPropUpdate(Tensor parameter, Tensor gradient, Tensor meanSquare, Tensor? momentumBuffer, in OptimizerHyper h, UpdateCheck check = default)
    {
        var n = parameter.Length;
        if (n == 0) return;
        _rmsProp(Stride(n), V(parameter), V(gradient), V(meanSquare), VOrDummy(momentumBuffer), VOrDummy(check.Flags), n, HyperArgs.From(h, momentumBuffer is not null, check));
    }
}
