namespace Myelin.Graphics.Rendering;

/// <summary>An axis-aligned rectangle in pixels, origin top-left, y down.</summary>
public readonly record struct RectF(float X, float Y, float Width, float Height)
{
    /// <summary>Right edge.</summary>
    public float Right => X + Width;
    /// <summary>Bottom edge.</summary>
    public float Bottom => Y + Height;
    /// <summary>Whether point (<paramref name="px"/>, <paramref name="py"/>) is inside (right and bottom edges excluded).</summary>
    public bool Contains(float px, float py) => px >= X && py >= Y && px < X + Width && py < Y + Height;
    /// <summary>This rectangle shrunk by <paramref name="amount"/> on every side.</summary>
    public RectF Inset(float amount) => new(X + amount, Y + amount, Width - 2 * amount, Height - 2 * amount);
}
