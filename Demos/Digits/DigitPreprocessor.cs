namespace Myelin.Demos.Digits;

/// <summary>
/// Turns a drawing into an MNIST-style 28×28 input, as the original MNIST was made: crop to the
/// ink's bounding box, scale (aspect kept) so the longer side is 20 px with area averaging
/// (anti-aliased, mass-preserving), and place it so the ink's centre of mass sits at (14, 14).
/// Coordinates are continuous: pixel i covers [i, i+1); the shift is fractional (folded into the
/// resampling), so the continuous image's centre is exact and the pixels' centroid is within a few
/// hundredths of a pixel (ink hanging past the 28×28 field is clipped, as in MNIST). Buffers grow to the largest canvas seen
/// and are reused, so calls allocate nothing after warm-up (the scene calls this every frame).
/// </summary>
public sealed class DigitPreprocessor
{
    /// <summary>Side of the output image.</summary>
    public const int Size = 28;
    /// <summary>Longer side of the scaled ink box.</summary>
    public const int Box = 20;
    /// <summary>Where the centre of mass lands, on both axes.</summary>
    public const float Centre = 14f;

    private float[] _rows = [];   // the ink box's rows resampled horizontally: (box height, 28)
    private float[] _gray = [];   // FromImage: ink intensities of the whole image
    private float[] _border = []; // FromImage: border pixels for the background median
    private double _lastX0, _lastY0, _lastOffsetX, _lastOffsetY, _lastScale; // the last Process's mapping

    /// <summary>A preprocessor whose buffers are sized for canvases up to <paramref name="maxCanvasHeight"/> rows (they grow beyond).</summary>
    public DigitPreprocessor(int maxCanvasHeight = 0) => _rows = new float[Math.Max(0, maxCanvasHeight) * Size];

    /// <summary>Intensities at or below this count as background (noise, paper texture).</summary>
    public float InkThreshold { get; set; } = 0.1f;

    /// <summary>Whether the last <see cref="FromImage"/> found a light background (and inverted).</summary>
    public bool LightBackground { get; private set; }

    /// <summary>
    /// canvas:(height, width) intensities, ink high → output:(28, 28) in [0, 1], peak 1. Returns
    /// false (and a zero output) when nothing exceeds <see cref="InkThreshold"/>.
    /// </summary>
    public bool Process(ReadOnlySpan<float> canvas, int width, int height, Span<float> output)
    {
        if (width <= 0 || height <= 0 || canvas.Length < width * height)
            throw new ArgumentException($"A {width}x{height} canvas needs {Math.Max(0, width) * Math.Max(0, height)} values; got {canvas.Length}.", nameof(canvas));
        if (output.Length < Size * Size)
            throw new ArgumentException($"The output needs {Size * Size} values; got {output.Length}.", nameof(output));
        output = output[..(Size * Size)];
        output.Clear();
        var threshold = InkThreshold;

        // Bounding box of the ink and its centre of mass (relative to the box's corner).
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        double mass = 0, mx = 0, my = 0;
        for (var y = 0; y < height; y++)
        {
            var row = canvas.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var v = row[x];
                if (v <= threshold) continue;
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
                mass += v; mx += v * (x + 0.5); my += v * (y + 0.5);
            }
        }
        if (x1 < 0) return false;
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        var scale = (double)Box / Math.Max(bw, bh);
        // Target pixel t covers box coordinates [(t − offset)/scale, (t + 1 − offset)/scale).
        var offsetX = Centre - (mx / mass - x0) * scale;
        var offsetY = Centre - (my / mass - y0) * scale;
        (_lastX0, _lastY0, _lastOffsetX, _lastOffsetY, _lastScale) = (x0, y0, offsetX, offsetY, scale);

        if (_rows.Length < bh * Size) _rows = new float[bh * Size];
        var rows = _rows.AsSpan(0, bh * Size);
        rows.Clear();
        // Horizontal pass: rows:(bh, 28) = Σ_k overlap(t, k)·scale · canvas[y0 + l, x0 + k]
        for (var t = 0; t < Size; t++)
        {
            var (k0, k1, a, b) = Footprint(t, offsetX, scale, bw);
            for (var k = k0; k < k1; k++)
            {
                var w = (float)(Overlap(k, a, b) * scale);
                for (var l = 0; l < bh; l++)
                {
                    var v = canvas[(y0 + l) * width + x0 + k];
                    if (v > threshold) rows[l * Size + t] += w * v;
                }
            }
        }
        // Vertical pass: output:(28, 28) = Σ_l overlap(s, l)·scale · rows[l, t]
        var peak = 0f;
        for (var s = 0; s < Size; s++)
        {
            var (l0, l1, a, b) = Footprint(s, offsetY, scale, bh);
            var target = output.Slice(s * Size, Size);
            for (var l = l0; l < l1; l++)
            {
                var w = (float)(Overlap(l, a, b) * scale);
                var source = rows.Slice(l * Size, Size);
                for (var t = 0; t < Size; t++) target[t] += w * source[t];
            }
            for (var t = 0; t < Size; t++) peak = MathF.Max(peak, target[t]);
        }
        if (peak > 0f)
        {
            var inverse = 1f / peak;
            for (var i = 0; i < output.Length; i++) output[i] = MathF.Min(1f, output[i] * inverse);
        }
        return true;
    }

    /// <summary>
    /// Maps a point of the output (continuous 28×28 coordinates, pixel i covers [i, i+1)) back to the
    /// canvas of the last successful <see cref="Process"/>, e.g. to draw a heat map over the drawing.
    /// </summary>
    public (float X, float Y) ToCanvas(float outputX, float outputY) =>
        ((float)(_lastX0 + (outputX - _lastOffsetX) / _lastScale), (float)(_lastY0 + (outputY - _lastOffsetY) / _lastScale));

    /// <summary>
    /// pixels:(height, width, channels) bytes (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; alpha composited
    /// over white) → output:(28, 28). The background is the median of the border pixels: a light one
    /// is inverted so ink is high either way, and its level is subtracted.
    /// </summary>
    public bool FromImage(ReadOnlySpan<byte> pixels, int width, int height, int channels, Span<float> output)
    {
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images have 1 to 4 channels.");
        if (width <= 0 || height <= 0 || pixels.Length < width * height * channels)
            throw new ArgumentException($"A {width}x{height} image of {channels} channels needs {Math.Max(0, width) * Math.Max(0, height) * channels} bytes; got {pixels.Length}.", nameof(pixels));
        var n = width * height;
        if (_gray.Length < n) _gray = new float[n];
        var gray = _gray.AsSpan(0, n);
        for (var i = 0; i < n; i++) gray[i] = Luminance(pixels.Slice(i * channels, channels));

        var borderCount = width == 1 || height == 1 ? n : 2 * (width + height) - 4;
        if (_border.Length < borderCount) _border = new float[borderCount];
        var border = _border.AsSpan(0, borderCount);
        var m = 0;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            if (y == 0 || y == height - 1 || x == 0 || x == width - 1) border[m++] = gray[y * width + x];
        border.Sort();
        var background = border[m / 2];

        LightBackground = background > 0.5f;
        // Ink = distance from the background level, as a fraction of the room left towards the ink side.
        var room = LightBackground ? background : 1f - background;
        var inverse = 1f / Math.Max(room, 1e-3f);
        for (var i = 0; i < n; i++)
        {
            var ink = (LightBackground ? background - gray[i] : gray[i] - background) * inverse;
            gray[i] = Math.Clamp(ink, 0f, 1f);
        }
        return Process(gray, width, height, output);
    }

    private static float Luminance(ReadOnlySpan<byte> p)
    {
        var luma = p.Length >= 3 ? (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255f : p[0] / 255f;
        if (p.Length is 2 or 4)
        {
            var alpha = p[^1] / 255f;
            luma = alpha * luma + (1f - alpha); // over white
        }
        return luma;
    }

    /// <summary>Source cells [k0, k1) and the interval [a, b) that target cell t covers, clipped to [0, n).</summary>
    private static (int K0, int K1, double A, double B) Footprint(int t, double offset, double scale, int n)
    {
        var a = Math.Max(0.0, (t - offset) / scale);
        var b = Math.Min(n, (t + 1 - offset) / scale);
        if (a >= b) return (0, 0, a, b);
        return ((int)Math.Floor(a), (int)Math.Ceiling(b), a, b);
    }

    private static double Overlap(int k, double a, double b) => Math.Max(0.0, Math.Min(k + 1, b) - Math.Max(k, a));
}
