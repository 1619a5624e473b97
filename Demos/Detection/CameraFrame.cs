namespace Myelin.Demos.Detection;

/// <summary>
/// One rendered frame: RGB pixels in [0,1], channel-major (3, H, W) as the detector takes them, the
/// ground-truth boxes, and which object owns each pixel (for checks and overlays).
/// </summary>
public sealed class CameraFrame
{
    /// <summary>An empty frame of <paramref name="size"/>×<paramref name="size"/> pixels.</summary>
    public CameraFrame(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        Size = size;
        Pixels = new float[3 * size * size];
        Owner = new int[size * size];
    }

    /// <summary>Width and height in pixels.</summary>
    public int Size { get; }
    /// <summary>(3, Size, Size) RGB values in [0, 1].</summary>
    public float[] Pixels { get; }
    /// <summary>(Size, Size): index into <see cref="Boxes"/> of the object seen at each pixel, or −1 (background, clutter, dropped objects).</summary>
    public int[] Owner { get; }
    /// <summary>The visible objects' boxes, clipped to the frame.</summary>
    public List<LabeledBox> Boxes { get; } = new(8);
}
