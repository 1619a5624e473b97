using System.Runtime.InteropServices;

namespace Myelin.Graphics.Rendering;

/// <summary>An 8-bit-per-channel colour with straight (not premultiplied) alpha, laid out R, G, B, A.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Color32(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Opaque white.</summary>
    public static Color32 White => new(255, 255, 255);
    /// <summary>Opaque black.</summary>
    public static Color32 Black => new(0, 0, 0);
    /// <summary>Fully transparent.</summary>
    public static Color32 Transparent => new(0, 0, 0, 0);

    /// <summary>A colour from 0xRRGGBB, as written in CSS (#RRGGBB), with alpha <paramref name="alpha"/>.</summary>
    public static Color32 FromHex(uint rgb, byte alpha = 255) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb, alpha);

    /// <summary>This colour with alpha <paramref name="alpha"/> (0..1).</summary>
    public Color32 WithAlpha(float alpha) => this with { A = (byte)Math.Clamp(alpha * 255f + 0.5f, 0f, 255f) };

    /// <summary>Linear blend towards <paramref name="other"/> by <paramref name="t"/> (0..1), per channel.</summary>
    public Color32 Lerp(Color32 other, float t) => new(Mix(R, other.R, t), Mix(G, other.G, t), Mix(B, other.B, t), Mix(A, other.A, t));

    private static byte Mix(byte a, byte b, float t) => (byte)Math.Clamp(a + (b - a) * t + 0.5f, 0f, 255f);
}
