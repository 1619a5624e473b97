using Myelin.Backends;

namespace Myelin.Graphics;

public sealed partial class GlComputeBackend
{
    private readonly ComputeKernel _im2Col, _col2Im, _maxPool, _maxPoolBackward, _avgPool, _avgPoolBackward;

    /// <inheritdoc />
    public void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g) =>
        Run(_im2Col, g.PatchSize * g.PatchCount, Geometry(g.PatchSize * g.PatchCount, g, stackalloc int[13]), [], x, cols);

    /// <inheritdoc />
    public void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g) =>
        Run(_col2Im, InputCount(g), Geometry(InputCount(g), g, stackalloc int[13]), [], cols, dx);

    /// <inheritdoc />
    public void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g) =>
        Run(_maxPool, OutputCount(g), Geometry(OutputCount(g), g, stackalloc int[13]), [], x, y);

    /// <inheritdoc />
    public void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g) =>
        Run(_maxPoolBackward, InputCount(g), Geometry(InputCount(g), g, stackalloc int[13]), [], x, dy, dx);

    /// <inheritdoc />
    public void AvgPool2D(Tensor x, Tensor y, in Conv2DGeometry g) =>
        Run(_avgPool, OutputCount(g), Geometry(OutputCount(g), g, stackalloc int[13]), [1f / (g.KernelH * g.KernelW)], x, y);

    /// <inheritdoc />
    public void AvgPool2DBackward(Tensor dy, Tensor dx, in Conv2DGeometry g) =>
        Run(_avgPoolBackward, InputCount(g), Geometry(InputCount(g), g, stackalloc int[13]), [1f / (g.KernelH * g.KernelW)], dy, dx);

    private static int InputCount(in Conv2DGeometry g) => g.Batch * g.Channels * g.Height * g.Width;

    private static int OutputCount(in Conv2DGeometry g) => g.Batch * g.Channels * g.OutHeight * g.OutWidth;

    /// <summary>ints: count, then the geometry as the G_* macros of Scalar.glsl read it.</summary>
    private static ReadOnlySpan<int> Geometry(int count, in Conv2DGeometry g, Span<int> ints)
    {
        g.Validate("GL window kernel");
        ints[0] = count;
        ints[1] = g.Batch; ints[2] = g.Channels; ints[3] = g.Height; ints[4] = g.Width;
        ints[5] = g.KernelH; ints[6] = g.KernelW; ints[7] = g.StrideH; ints[8] = g.StrideW;
        ints[9] = g.PadH; ints[10] = g.PadW; ints[11] = g.OutHeight; ints[12] = g.OutWidth;
        return ints;
    }
}
