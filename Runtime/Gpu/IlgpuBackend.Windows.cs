using Myelin.Backends;
using Myelin.Gpu.Kernels;

namespace Myelin.Gpu;

public sealed partial class IlgpuBackend
{
    /// <inheritdoc />
    public void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g)
    {
        g.Validate("Im2Col");
        var total = g.PatchSize * g.PatchCount;
        _im2Col(Stride(total), V(x), V(cols), total, WindowArgs.From(g));
    }

    /// <inheritdoc />
    public void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g)
    {
        g.Validate("Col2Im");
        var total = g.Batch * g.Channels * g.Height * g.Width;
        _col2Im(Stride(total), V(cols), V(dx), total, WindowArgs.From(g));
    }

    /// <inheritdoc />
    public void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        g.Validate("MaxPool2D");
        var total = g.Batch * g.Channels * g.OutHeight * g.OutWidth;
        _maxPool(Stride(total), V(x), V(y), total, WindowArgs.From(g));
    }

    /// <inheritdoc />
    public void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g)
    {
        g.Validate("MaxPool2DBackward");
        var total = g.Batch * g.Channels * g.Height * g.Width;
        _maxPoolBackward(Stride(total), V(x), V(dy), V(dx), total, WindowArgs.From(g));
    }

    /// <inheritdoc />
    public void AvgPool2D(Tensor x, Tensor y, in Conv2DGeometry g)
    {
        g.Validate("AvgPool2D");
        var total = g.Batch * g.Channels * g.OutHeight * g.OutWidth;
        _avgPool(Stride(total), V(x), V(y), total, WindowArgs.From(g));
    }

    /// <inheritdoc />
    public void AvgPool2DBackward(Tensor dy, Tensor dx, in Conv2DGeometry g)
    {
        g.Validate("AvgPool2DBackward");
        var total = g.Batch * g.Channels * g.Height * g.Width;
        _avgPoolBackward(Stride(total), V(dy), V(dx), total, WindowArgs.From(g));
    }
}
