using System.Numerics;

namespace Myelin.Graphics.Rendering;

public sealed partial class Batch2D
{
    /// <summary>Shader modes (the first shader parameter); see Shaders/Render/Batch2D.frag.</summary>
    private static class Mode
    {
        public const float Solid = 0, Texture = 1, Text = 2, Circle = 3, Line = 4, RoundedRect = 5, Heatmap = 6;
    }

    /// <summary>Fills a rectangle.</summary>
    public void FillRect(float x, float y, float width, float height, Color32 color) =>
        AxisQuad(x, y, width, height, 0, 0, 0, 0, color, new Vector4(Mode.Solid, 0, 0, 0));

    /// <summary>Fills <paramref name="rect"/>.</summary>
    public void FillRect(RectF rect, Color32 color) => FillRect(rect.X, rect.Y, rect.Width, rect.Height, color);

    /// <summary>Fills <paramref name="rect"/> with corners of <paramref name="radius"/> pixels, anti-aliased.</summary>
    public void FillRoundedRect(RectF rect, float radius, Color32 color) => RoundedRectAt(-1, rect, radius, color);

    /// <summary>
    /// Reserves room for a rounded rectangle drawn beneath what follows, whose size is known only
    /// later (a panel's background): fill it with <see cref="FillReserved"/> before the next flush.
    /// </summary>
    public int ReserveRoundedRect() => RoundedRectAt(-1, default, 0, Color32.Transparent);

    /// <summary>Sets the rectangle reserved by <see cref="ReserveRoundedRect"/>.</summary>
    public void FillReserved(int reserved, RectF rect, float radius, Color32 color) => RoundedRectAt(reserved, rect, radius, color);

    /// <summary>Outlines <paramref name="rect"/> with lines <paramref name="thickness"/> pixels wide, inside its bounds.</summary>
    public void StrokeRect(RectF rect, float thickness, Color32 color)
    {
        var t = Math.Min(thickness, Math.Min(rect.Width, rect.Height) / 2);
        FillRect(rect.X, rect.Y, rect.Width, t, color);
        FillRect(rect.X, rect.Bottom - t, rect.Width, t, color);
        FillRect(rect.X, rect.Y + t, t, rect.Height - 2 * t, color);
        FillRect(rect.Right - t, rect.Y + t, t, rect.Height - 2 * t, color);
    }

    /// <summary>An anti-aliased line from (x0, y0) to (x1, y1), <paramref name="thickness"/> pixels wide, with square caps.</summary>
    public void Line(float x0, float y0, float x1, float y1, float thickness, Color32 color)
    {
        var a = new Vector2(x0, y0);
        var b = new Vector2(x1, y1);
        var length = Vector2.Distance(a, b);
        var along = length > 1e-6f ? (b - a) / length : Vector2.UnitX;
        var half = MathF.Max(thickness, 1f) * 0.5f;
        // One pixel of margin on every side for the anti-aliased edge; caps of half the thickness close polyline joints.
        var extent = half + 1f;
        var across = new Vector2(-along.Y, along.X) * extent;
        var start = a - along * half;
        var end = b + along * half;
        Quad(start + across, end + across, end - across, start - across,
            new(0, extent), new(0, extent), new(0, -extent), new(0, -extent), color, new Vector4(Mode.Line, half, 0, 0));
    }

    /// <summary>Connected line segments through <paramref name="points"/>.</summary>
    public void Polyline(ReadOnlySpan<Vector2> points, float thickness, Color32 color)
    {
        for (var i = 1; i < points.Length; i++)
            Line(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y, thickness, color);
    }

    /// <summary>A filled circle with an anti-aliased edge.</summary>
    public void FillCircle(float centerX, float centerY, float radius, Color32 color) => Ring(centerX, centerY, radius, 0, color);

    /// <summary>A circle outline <paramref name="thickness"/> pixels wide, inside <paramref name="radius"/>.</summary>
    public void StrokeCircle(float centerX, float centerY, float radius, float thickness, Color32 color) =>
        Ring(centerX, centerY, radius, MathF.Max(radius - thickness, 0.001f), color);

    /// <summary>Draws <paramref name="texture"/> (RGBA) into <paramref name="rect"/>, multiplied by <paramref name="tint"/>; texel row 0 at the top.</summary>
    public void Image(Texture2D texture, RectF rect, Color32 tint) => Image(texture, rect, new RectF(0, 0, 1, 1), tint);

    /// <summary>Draws the part <paramref name="uv"/> (0..1 texture coordinates) of <paramref name="texture"/> into <paramref name="rect"/>.</summary>
    public void Image(Texture2D texture, RectF rect, RectF uv, Color32 tint) =>
        AxisQuad(rect.X, rect.Y, rect.Width, rect.Height, uv.X, uv.Y, uv.Right, uv.Bottom, tint, new Vector4(Mode.Texture, 0, 0, 0), texture.Handle);

    /// <summary>
    /// Draws a single-channel float texture (R32F, e.g. from <see cref="GridToTexture"/>) into
    /// <paramref name="rect"/> through <paramref name="map"/>: <paramref name="min"/> maps to the map's
    /// first colour, <paramref name="max"/> to its last. Texel row 0 at the top.
    /// </summary>
    public void Heatmap(Texture2D texture, RectF rect, ColorMap map, float min, float max) =>
        AxisQuad(rect.X, rect.Y, rect.Width, rect.Height, 0, 0, 1, 1, Color32.White, new Vector4(Mode.Heatmap, (float)map, min, max), texture.Handle);

    /// <summary>A colour-map legend: the map's colours from min (left) to max (right).</summary>
    public void ColorBar(RectF rect, ColorMap map) =>
        AxisQuad(rect.X, rect.Y, rect.Width, rect.Height, 0, 0, 1, 1, Color32.White, new Vector4(Mode.Heatmap, (float)map, 0, 1), _ramp.Handle);

    /// <summary>One glyph: <paramref name="uv"/> of an R8 coverage atlas drawn into <paramref name="rect"/> in <paramref name="color"/>.</summary>
    internal void Glyph(Texture2D atlas, RectF rect, RectF uv, Color32 color) =>
        AxisQuad(rect.X, rect.Y, rect.Width, rect.Height, uv.X, uv.Y, uv.Right, uv.Bottom, color, new Vector4(Mode.Text, 0, 0, 0), atlas.Handle);

    private void Ring(float cx, float cy, float radius, float inner, Color32 color)
    {
        var e = radius + 1f;
        AxisQuad(cx - e, cy - e, 2 * e, 2 * e, -e, -e, e, e, color, new Vector4(Mode.Circle, radius, inner, 0));
    }

    private int RoundedRectAt(int reserved, RectF rect, float radius, Color32 color)
    {
        var r = MathF.Min(radius, MathF.Min(rect.Width, rect.Height) * 0.5f);
        var hw = rect.Width * 0.5f + 1f;
        var hh = rect.Height * 0.5f + 1f;
        var parameters = new Vector4(Mode.RoundedRect, rect.Width * 0.5f, rect.Height * 0.5f, r);
        if (reserved < 0)
            return AxisQuad(rect.X - 1, rect.Y - 1, rect.Width + 2, rect.Height + 2, -hw, -hh, hw, hh, color, parameters);
        var v = _vertices.AsSpan(reserved, QuadVertices);
        Vector2 p0 = new(rect.X - 1, rect.Y - 1), p2 = new(rect.Right + 1, rect.Bottom + 1);
        Vector2 p1 = new(p2.X, p0.Y), p3 = new(p0.X, p2.Y);
        v[0] = new Vertex(p0, new(-hw, -hh), color, parameters);
        v[1] = new Vertex(p1, new(hw, -hh), color, parameters);
        v[2] = new Vertex(p2, new(hw, hh), color, parameters);
        v[3] = v[0];
        v[4] = v[2];
        v[5] = new Vertex(p3, new(-hw, hh), color, parameters);
        return reserved;
    }
}
