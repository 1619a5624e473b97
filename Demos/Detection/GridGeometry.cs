namespace Myelin.Demos.Detection;

/// <summary>
/// The detector's output grid: <see cref="Cells"/>×<see cref="Cells"/> cells of <see cref="Stride"/>
/// pixels each. A cell's target row holds <see cref="TargetWidth"/> values:
/// [positive 0/1, class, tx, ty, tw, th] with tx, ty ∈ [0,1) the centre's offset inside the cell and
/// tw, th = ln(size / stride).
/// </summary>
public readonly record struct GridGeometry(int Cells, int Stride)
{
    /// <summary>Values per cell in a target row.</summary>
    public const int TargetWidth = 6;

    /// <summary>Input side in pixels (cells · stride).</summary>
    public int InputSize => Cells * Stride;

    /// <summary>The box a cell predicts from centre offsets (tx, ty) and log sizes (tw, th).</summary>
    public Box Decode(int row, int col, float tx, float ty, float tw, float th) => Box.FromCenter(
        (col + tx) * Stride, (row + ty) * Stride, MathF.Exp(tw) * Stride, MathF.Exp(th) * Stride);
}
