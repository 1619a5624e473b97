namespace Myelin.Demos.Detection;

public sealed partial class SyntheticCamera
{
    /// <summary>Linear RGB triple used while shading.</summary>
    private readonly record struct Rgb3(float R, float G, float B)
    {
        public static Rgb3 operator *(Rgb3 c, float s) => new(c.R * s, c.G * s, c.B * s);
        public static Rgb3 Lerp(Rgb3 a, Rgb3 b, float t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);
        public static Rgb3 Random(Rng rng, float low, float high) => new(rng.Uniform(low, high), rng.Uniform(low, high), rng.Uniform(low, high));
    }

    /// <summary>Hash and value noise, deterministic and allocation-free.</summary>
    private static class Noise
    {
        public static float Hash(uint i, uint seed)
        {
            var h = i * 0x9E3779B1u ^ seed * 0x85EBCA77u;
            h ^= h >> 15; h *= 0x2C1B3C6Du; h ^= h >> 12; h *= 0x297A2D39u; h ^= h >> 15;
            return (h >> 8) * (1f / (1 << 24));
        }

        // Bilinear value noise on the integer lattice, in [0, 1).
        public static float Value(float x, float y, uint seed)
        {
            var fx = MathF.Floor(x); var fy = MathF.Floor(y);
            var ix = (int)fx; var iy = (int)fy;
            float tx = x - fx, ty = y - fy;
            tx = tx * tx * (3 - 2 * tx); ty = ty * ty * (3 - 2 * ty);
            float Corner(int cx, int cy) => Hash((uint)(cx * 73856093 ^ cy * 19349663), seed);
            var top = Corner(ix, iy) + (Corner(ix + 1, iy) - Corner(ix, iy)) * tx;
            var bottom = Corner(ix, iy + 1) + (Corner(ix + 1, iy + 1) - Corner(ix, iy + 1)) * tx;
            return top + (bottom - top) * ty;
        }
    }
}
