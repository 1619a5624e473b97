using System.Numerics;

namespace Myelin.Demos.Digits;

/// <summary>
/// The drawing: strokes (polylines in canvas pixels) rasterised into a (height, width) intensity
/// image with an anti-aliased round brush: a pixel's ink is its coverage by the brush swept along
/// the segment, 1 inside radius − ½ and falling linearly to 0 at radius + ½. Strokes are kept so the
/// last can be undone (the image is then redrawn from the others). Fixed capacity; allocates nothing
/// after construction.
/// </summary>
public sealed class DigitCanvas
{
    private readonly float[] _pixels;
    private readonly Vector2[] _points;
    private readonly int[] _strokeStarts;
    private int _pointCount, _strokeCount;
    private bool _drawing;

    /// <summary>A blank canvas of <paramref name="width"/>×<paramref name="height"/> pixels, brush radius <paramref name="brushRadius"/> pixels.</summary>
    public DigitCanvas(int width, int height, float brushRadius, int maxPoints = 16_384, int maxStrokes = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brushRadius);
        Width = width;
        Height = height;
        BrushRadius = brushRadius;
        _pixels = new float[width * height];
        _points = new Vector2[maxPoints];
        _strokeStarts = new int[maxStrokes];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Brush radius in pixels.</summary>
    public float BrushRadius { get; }
    /// <summary>The image: (height, width) ink in [0, 1], row 0 at the top.</summary>
    public ReadOnlySpan<float> Pixels => _pixels;
    /// <summary>Strokes drawn (the one in progress included).</summary>
    public int StrokeCount => _strokeCount;
    /// <summary>True when nothing is drawn.</summary>
    public bool IsEmpty => _pointCount == 0;
    /// <summary>Counts changes of the image (a cheap "did it change" test for callers).</summary>
    public int Version { get; private set; }

    /// <summary>Starts a stroke at (x, y) (it is dropped when the stroke or point capacity is full).</summary>
    public void BeginStroke(float x, float y)
    {
        if (_strokeCount == _strokeStarts.Length || _pointCount == _points.Length) { _drawing = false; return; }
        _drawing = true;
        _strokeStarts[_strokeCount++] = _pointCount;
        _points[_pointCount++] = new Vector2(x, y);
        Segment(new Vector2(x, y), new Vector2(x, y));
    }

    /// <summary>Extends the stroke in progress to (x, y); moves shorter than a quarter pixel are skipped.</summary>
    public void ExtendStroke(float x, float y)
    {
        if (!_drawing || _pointCount == _points.Length) return;
        var last = _points[_pointCount - 1];
        var next = new Vector2(x, y);
        if (Vector2.DistanceSquared(last, next) < 0.0625f) return;
        _points[_pointCount++] = next;
        Segment(last, next);
    }

    /// <summary>Ends the stroke in progress.</summary>
    public void EndStroke() => _drawing = false;

    /// <summary>Removes the last stroke; false when there is none.</summary>
    public bool Undo()
    {
        if (_strokeCount == 0) return false;
        _drawing = false;
        _pointCount = _strokeStarts[--_strokeCount];
        Redraw();
        return true;
    }

    /// <summary>Removes every stroke.</summary>
    public void Clear()
    {
        _drawing = false;
        _pointCount = _strokeCount = 0;
        Redraw();
    }

    private void Redraw()
    {
        Array.Clear(_pixels);
        for (var s = 0; s < _strokeCount; s++)
        {
            var end = s + 1 < _strokeCount ? _strokeStarts[s + 1] : _pointCount;
            var start = _strokeStarts[s];
            Segment(_points[start], _points[start]);
            for (var i = start + 1; i < end; i++) Segment(_points[i - 1], _points[i]);
        }
        Version++;
    }

    /// <summary>Sweeps the brush from a to b: ink = max(ink, clamp(r + ½ − distance to the segment, 0, 1)) at pixel centres.</summary>
    private void Segment(Vector2 a, Vector2 b)
    {
        var reach = BrushRadius + 0.5f;
        var x0 = Math.Max(0, (int)MathF.Floor(MathF.Min(a.X, b.X) - reach));
        var x1 = Math.Min(Width - 1, (int)MathF.Ceiling(MathF.Max(a.X, b.X) + reach));
        var y0 = Math.Max(0, (int)MathF.Floor(MathF.Min(a.Y, b.Y) - reach));
        var y1 = Math.Min(Height - 1, (int)MathF.Ceiling(MathF.Max(a.Y, b.Y) + reach));
        var ab = b - a;
        var length2 = ab.LengthSquared();
        for (var y = y0; y <= y1; y++)
        {
            var row = _pixels.AsSpan(y * Width, Width);
            for (var x = x0; x <= x1; x++)
            {
                var p = new Vector2(x + 0.5f, y + 0.5f);
                var t = length2 > 0 ? Math.Clamp(Vector2.Dot(p - a, ab) / length2, 0f, 1f) : 0f;
                var ink = Math.Clamp(reach - Vector2.Distance(p, a + t * ab), 0f, 1f);
                if (ink > row[x]) row[x] = ink;
            }
        }
        Version++;
    }
}
