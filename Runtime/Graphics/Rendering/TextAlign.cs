namespace Myelin.Graphics.Rendering;

/// <summary>Where a line of text sits relative to the x it is drawn at.</summary>
public enum TextAlign
{
    /// <summary>Text starts at x.</summary>
    Left,
    /// <summary>Text is centred on x.</summary>
    Center,
    /// <summary>Text ends at x.</summary>
    Right,
}
