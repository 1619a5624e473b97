namespace Myelin.Graphics.Rendering;

/// <summary>One rectangle a frame laid out, in the scene's canvas pixels.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Rect">Where it is.</param>
public readonly record struct LayoutEntry(LayoutRole Kind, RectF Rect);
