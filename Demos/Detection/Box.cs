namespace Myelin.Demos.Detection;

/// <summary>An axis-aligned box in pixels: left X0, top Y0, right X1, bottom Y1 (X1 ≥ X0, Y1 ≥ Y0).</summary>
public readonly record struct Box(float X0, float Y0, float X1, float Y1)
{
    /// <summary>Width X1 − X0 (0 when inverted).</summary>
    public float Width => MathF.Max(0f, X1 - X0);
    /// <summary>Height Y1 − Y0 (0 when inverted).</summary>
    public float Height => MathF.Max(0f, Y1 - Y0);
    /// <summary>Width · height.</summary>
    public float Area => Width * Height;
    /// <summary>Centre x.</summary>
    public float CenterX => 0.5f * (X0 + X1);
    /// <summary>Centre y.</summary>
    public float CenterY => 0.5f * (Y0 + Y1);

    /// <summary>A box from its centre and size.</summary>
    public static Box FromCenter(float cx, float cy, float w, float h) => new(cx - 0.5f * w, cy - 0.5f * h, cx + 0.5f * w, cy + 0.5f * h);

    /// <summary>This box clipped to [0, width] × [0, height].</summary>
    public Box Clip(float width, float height) =>
        new(Math.Clamp(X0, 0f, width), Math.Clamp(Y0, 0f, height), Math.Clamp(X1, 0f, width), Math.Clamp(Y1, 0f, height));

    /// <summary>True when (x, y) lies inside the box (edges included).</summary>
    public bool Contains(float x, float y) => x >= X0 && x <= X1 && y >= Y0 && y <= Y1;
}
