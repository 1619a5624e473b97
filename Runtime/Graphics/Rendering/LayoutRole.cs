namespace Myelin.Graphics.Rendering;

/// <summary>What a <see cref="LayoutEntry"/> records.</summary>
public enum LayoutRole
{
    /// <summary>The box of a drawn text (its widest line by its lines' height).</summary>
    Text,
    /// <summary>A panel's background: text drawn over it belongs inside it.</summary>
    Panel,
    /// <summary>An area with content (a plot's points, a camera feed) that text must not cover.</summary>
    Clear,
}
