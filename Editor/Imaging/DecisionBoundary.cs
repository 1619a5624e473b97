using Myelin.Data;
using Myelin.Training;

namespace Myelin.Editor.Imaging;

/// <summary>
/// Draws a 2-input, 1-output classifier over a square of the plane: each pixel coloured by the
/// model's output (blue 0 → white 0.5 → orange 1), a dark contour at 0.5, and the training points.
/// </summary>
public static class DecisionBoundary
{
    private static readonly Rgb Blue = Rgb.Hex(0x5B93DA), Orange = Rgb.Hex(0xF5A35B), White = Rgb.Hex(0xF8F8F8);
    private static readonly Rgb DeepBlue = Rgb.Hex(0x0B3F8F), DeepOrange = Rgb.Hex(0xD45500), Ink = Rgb.Hex(0x1E1E24);

    /// <summary>Renders <paramref name="model"/> over [<paramref name="min"/>, <paramref name="max"/>]² (y up) at <paramref name="size"/>².</summary>
    public static Canvas Render(Model model, Dataset points, int size = 512, float min = -0.5f, float max = 1.5f)
    {
        var scale = (max - min) / size;
        // x:(P,2) with P = size² pixel centres, one batch through the network -> (P,1)
        var grid = new float[size * size * 2];
        for (var row = 0; row < size; row++)
        for (var col = 0; col < size; col++)
        {
            var i = (row * size + col) * 2;
            grid[i] = min + (col + 0.5f) * scale;
            grid[i + 1] = max - (row + 0.5f) * scale;
        }
        var output = new float[size * size];
        model.Predict(Tensor.FromArray(grid, new Shape(size * size, 2), model.Backend)).CopyTo(output);

        var canvas = new Canvas(size, size);
        for (var row = 0; row < size; row++)
        for (var col = 0; col < size; col++)
            canvas.Set(col, row, Shade(output[row * size + col]));
        DrawContour(canvas, output, size);

        float ToPixel(float v) => (v - min) / scale;
        foreach (var v in new[] { 0f, 1f })
        {
            canvas.AxisLine(vertical: true, (int)ToPixel(v), Ink, 0.25f, dash: 6);
            canvas.AxisLine(vertical: false, size - 1 - (int)ToPixel(v), Ink, 0.25f, dash: 6);
        }
        var radius = size / 30f;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points.Input(i);
            var fill = points.Target(i)[0] > 0.5f ? DeepOrange : DeepBlue;
            canvas.Disc(ToPixel(p[0]), size - ToPixel(p[1]), radius, fill, Ink, radius / 4f);
        }
        return canvas;
    }

    // Colour map: a diverging blue-white-orange ramp, lightened so the points stand out.
    private static Rgb Shade(float p) => p < 0.5f
        ? Rgb.Lerp(Blue, White, MathF.Pow(p * 2f, 0.8f))
        : Rgb.Lerp(White, Orange, MathF.Pow((p - 0.5f) * 2f, 1.25f));

    // The 0.5 level set: darken pixels whose right or lower neighbour lies across the threshold.
    private static void DrawContour(Canvas canvas, float[] output, int size)
    {
        for (var row = 0; row < size - 1; row++)
        for (var col = 0; col < size - 1; col++)
        {
            var here = output[row * size + col] >= 0.5f;
            if (here != output[row * size + col + 1] >= 0.5f || here != output[(row + 1) * size + col] >= 0.5f)
                canvas.Blend(col, row, Ink, 0.55f);
        }
    }
}
