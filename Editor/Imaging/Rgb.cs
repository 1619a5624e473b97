namespace Myelin.Editor.Imaging;

/// <summary>An sRGB colour with byte channels.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>From a hex literal such as 0x2166AC.</summary>
    public static Rgb Hex(int rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>Linear blend: <paramref name="t"/> = 0 gives <paramref name="a"/>, 1 gives <paramref name="b"/>.</summary>
    public static Rgb Lerp(Rgb a, Rgb b, float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return new((byte)MathF.Round(a.R + (b.R - a.R) * t), (byte)MathF.Round(a.G + (b.G - a.G) * t), (byte)MathF.Round(a.B + (b.B - a.B) * t));
    }
}
