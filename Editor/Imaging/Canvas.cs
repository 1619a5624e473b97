namespace Myelin.Editor.Imaging;

/// <summary>An RGB pixel buffer (row-major, top row first) with the few anti-aliased shapes the plots need.</summary>
public sealed class Canvas
{
    /// <summary>Creates a canvas filled with black.</summary>
    public Canvas(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>R, G, B bytes per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Sets one pixel.</summary>
    public void Set(int x, int y, Rgb c)
    {
        var i = (y * Width + x) * 3;
        Pixels[i] = c.R; Pixels[i + 1] = c.G; Pixels[i + 2] = c.B;
    }

    /// <summary>Blends <paramref name="c"/> over one pixel with coverage <paramref name="alpha"/> in [0, 1].</summary>
    public void Blend(int x, int y, Rgb c, float alpha)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || alpha <= 0f) return;
        var i = (y * Width + x) * 3;
        var old = new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        var mixed = Rgb.Lerp(old, c, alpha);
        Pixels[i] = mixed.R; Pixels[i + 1] = mixed.G; Pixels[i + 2] = mixed.B;
    }

    /// <summary>A filled disc with an outline ring, both anti-aliased over one pixel.</summary>
    public void Disc(float cx, float cy, float radius, Rgb fill, Rgb outline, float outlineWidth)
    {
        var x0 = (int)MathF.Floor(cx - radius - 1); var x1 = (int)MathF.Ceiling(cx + radius + 1);
        var y0 = (int)MathF.Floor(cy - radius - 1); var y1 = (int)MathF.Ceiling(cy + radius + 1);
        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
        {
            var d = MathF.Sqrt((x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy));
            Blend(x, y, outline, Coverage(radius - d));
            Blend(x, y, fill, Coverage(radius - outlineWidth - d));
        }
    }

    /// <summary>A horizontal or vertical line of width 1 at pixel row/column, blended with <paramref name="alpha"/>.</summary>
    public void AxisLine(bool vertical, int at, Rgb c, float alpha, int dash = 0)
    {
        var length = vertical ? Height : Width;
        for (var i = 0; i < length; i++)
        {
            if (dash > 0 && i / dash % 2 == 1) continue;
            if (vertical) Blend(at, i, c, alpha);
            else Blend(i, at, c, alpha);
        }
    }

    /// <summary>Fills the rectangle [x0, x1) × [y0, y1), clipped to the canvas.</summary>
    public void Fill(int x0, int y0, int x1, int y1, Rgb c)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        for (var x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
            Set(x, y, c);
    }

    /// <summary>An anti-aliased line segment of the given width from (x0, y0) to (x1, y1).</summary>
    public void Line(float x0, float y0, float x1, float y1, Rgb c, float width)
    {
        var half = width / 2f;
        var minX = (int)MathF.Floor(MathF.Min(x0, x1) - half - 1); var maxX = (int)MathF.Ceiling(MathF.Max(x0, x1) + half + 1);
        var minY = (int)MathF.Floor(MathF.Min(y0, y1) - half - 1); var maxY = (int)MathF.Ceiling(MathF.Max(y0, y1) + half + 1);
        var dx = x1 - x0; var dy = y1 - y0;
        var lengthSquared = dx * dx + dy * dy;
        for (var y = minY; y <= maxY; y++)
        for (var x = minX; x <= maxX; x++)
        {
            var px = x + 0.5f - x0; var py = y + 0.5f - y0;
            var t = lengthSquared > 0f ? Math.Clamp((px * dx + py * dy) / lengthSquared, 0f, 1f) : 0f;
            var ex = px - t * dx; var ey = py - t * dy;
            Blend(x, y, c, Coverage(half - MathF.Sqrt(ex * ex + ey * ey)));
        }
    }

    // Signed distance inside an edge -> fraction of the pixel covered.
    private static float Coverage(float insideDistance) => Math.Clamp(insideDistance + 0.5f, 0f, 1f);
}
