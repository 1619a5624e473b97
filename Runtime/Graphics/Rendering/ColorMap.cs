namespace Myelin.Graphics.Rendering;

/// <summary>How <see cref="Batch2D.Heatmap"/> turns one float per texel into a colour (in the fragment shader).</summary>
public enum ColorMap
{
    /// <summary>TensorFlow Playground's diverging map: min orange (#f59322), middle light grey (#e8eaeb), max blue (#0877bd).</summary>
    Diverging = 0,
    /// <summary>Matplotlib's perceptually uniform viridis: min dark purple, max yellow.</summary>
    Viridis = 1,
    /// <summary>Min black, max white.</summary>
    Grayscale = 2,
}
