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

    private static readonly float[] s_unit = BuildUnitTable();

    /// <summary>
    /// The pixels as interleaved bytes, row-major: RGB when <paramref name="channels"/> is 3 (video),
    /// RGBA with opaque alpha when 4 (textures); rounded and clamped. Allocates nothing.
    /// </summary>
    public void ToInterleaved(Span<byte> destination, int channels)
    {
        if (channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "3 (RGB) or 4 (RGBA) channels.");
        var area = Size * Size;
        if (destination.Length < channels * area) throw new ArgumentException($"{channels}×{area} bytes do not fit in {destination.Length}.", nameof(destination));
        for (int i = 0, p = 0; i < area; i++, p += channels)
        {
            destination[p] = ToByte(Pixels[i]);
            destination[p + 1] = ToByte(Pixels[area + i]);
            destination[p + 2] = ToByte(Pixels[2 * area + i]);
            if (channels == 4) destination[p + 3] = 255;
        }
    }

    /// <summary>Sets the pixels from interleaved RGB bytes, row-major (a decoded video frame). Allocates nothing.</summary>
    public void FromInterleaved(ReadOnlySpan<byte> rgb)
    {
        var area = Size * Size;
        if (rgb.Length < 3 * area) throw new ArgumentException($"3×{area} bytes are needed; got {rgb.Length}.", nameof(rgb));
        var unit = s_unit;
        for (int i = 0, p = 0; i < area; i++, p += 3)
        {
            Pixels[i] = unit[rgb[p]];
            Pixels[area + i] = unit[rgb[p + 1]];
            Pixels[2 * area + i] = unit[rgb[p + 2]];
        }
    }

    /// <summary>A value in [0, 1] as a byte, rounded and clamped.</summary>
    public static byte ToByte(float v) => (byte)Math.Clamp((int)(v * 255f + 0.5f), 0, 255);

    private static float[] BuildUnitTable()
    {
        var t = new float[256];
        for (var i = 0; i < t.Length; i++) t[i] = i / 255f;
        return t;
    }
}
