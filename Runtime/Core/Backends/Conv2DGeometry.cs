namespace Myelin.Backends;

/// <summary>
/// Sizes of a 2-D convolution or pooling window over NCHW input. Output size per axis:
/// (in + 2·pad − kernel) / stride + 1.
/// </summary>
public readonly record struct Conv2DGeometry(
    int Batch, int Channels, int Height, int Width,
    int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW)
{
    /// <summary>Output height.</summary>
    public int OutHeight => (Height + 2 * PadH - KernelH) / StrideH + 1;

    /// <summary>Output width.</summary>
    public int OutWidth => (Width + 2 * PadW - KernelW) / StrideW + 1;

    /// <summary>Rows of the im2col matrix: C·KH·KW.</summary>
    public int PatchSize => Channels * KernelH * KernelW;

    /// <summary>Columns of the im2col matrix: N·OH·OW.</summary>
    public int PatchCount => Batch * OutHeight * OutWidth;

    /// <summary>Throws with the geometry when the window does not fit the input.</summary>
    public void Validate(string where)
    {
        if (Batch <= 0 || Channels <= 0 || Height <= 0 || Width <= 0 || KernelH <= 0 || KernelW <= 0 || StrideH <= 0 || StrideW <= 0 || PadH < 0 || PadW < 0)
            throw new ArgumentException($"{where}: invalid window geometry {this}.");
        if (OutHeight <= 0 || OutWidth <= 0)
            throw new ArgumentException($"{where}: a {KernelH}x{KernelW} window with padding {PadH},{PadW} does not fit a {Height}x{Width} input.");
    }
}
