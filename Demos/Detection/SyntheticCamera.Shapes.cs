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

    /// <summary>
    /// A shape in the world: centre (X, Y), scale (world units per local unit), rotation, colour and
    /// one shape parameter. Objects use <see cref="ObjectClass"/> kinds; clutter uses 0 disc, 1 box, 2 bar.
    /// </summary>
    private readonly struct Thing(int kind, float x, float y, float scale, float rotation, Rgb3 colour, float param)
    {
        private static readonly Rgb3 s_trunk = new(0.42f, 0.26f, 0.12f);
        private static readonly Rgb3 s_white = new(0.95f, 0.95f, 0.95f);
        private static readonly Rgb3 s_black = new(0.05f, 0.05f, 0.05f);
        private readonly float _cos = MathF.Cos(rotation), _sin = MathF.Sin(rotation);

        public int Kind { get; } = kind;

        /// <summary>Area in world units² of the whole object (for the visible fraction).</summary>
        public float FullArea => scale * scale * (ObjectClass)Kind switch
        {
            ObjectClass.Coin => MathF.PI,
            ObjectClass.Crate => 4f,
            ObjectClass.Slime => 2.2f * param,
            _ => MathF.PI * 0.4225f * param * param + 0.2f,
        };

        public static int ClutterKind(Rng rng) => rng.NextInt(3);

        public static Rgb3 ObjectColour(ObjectClass kind, Rng rng)
        {
            var c = kind switch
            {
                ObjectClass.Coin => new Rgb3(rng.Uniform(0.85f, 1f), rng.Uniform(0.65f, 0.85f), rng.Uniform(0f, 0.2f)),
                ObjectClass.Crate => new Rgb3(rng.Uniform(0.45f, 0.65f), rng.Uniform(0.28f, 0.42f), rng.Uniform(0.08f, 0.22f)),
                ObjectClass.Slime => new Rgb3(rng.Uniform(0.05f, 0.4f), rng.Uniform(0.6f, 0.9f), rng.Uniform(0.05f, 0.5f)),
                _ => new Rgb3(rng.Uniform(0.05f, 0.2f), rng.Uniform(0.35f, 0.6f), rng.Uniform(0.05f, 0.2f)),
            };
            return c * rng.Uniform(0.8f, 1.15f);
        }

        /// <summary>Paints clutter over <paramref name="c"/>; returns its coverage.</summary>
        public float PaintClutter(float wx, float wy, float zoom, ref Rgb3 c)
        {
            if (!Local(wx, wy, 2.2f * MathF.Max(1f, param), out var u, out var v)) return 0f;
            var d = Kind switch
            {
                0 => MathF.Sqrt(u * u + v * v) - 1f,
                1 => MathF.Max(MathF.Abs(u) - param, MathF.Abs(v) - 1f),
                _ => MathF.Max(MathF.Abs(u) - 2f * param, MathF.Abs(v) - 0.2f),
            };
            var a = Coverage(d, zoom);
            if (a > 0f) c = Rgb3.Lerp(c, colour, a);
            return a;
        }

        /// <summary>Paints this object over <paramref name="c"/>; returns its coverage.</summary>
        public float PaintObject(float wx, float wy, float zoom, ref Rgb3 c)
        {
            if (!Local(wx, wy, 1.6f, out var u, out var v)) return 0f;
            float d;
            Rgb3 shade;
            switch ((ObjectClass)Kind)
            {
                case ObjectClass.Coin:
                {
                    var r = MathF.Sqrt(u * u + v * v);
                    d = r - 1f;
                    shade = r > 0.78f ? colour * 0.65f : r is > 0.5f and < 0.58f ? colour * 0.85f : u + v < -0.7f ? Rgb3.Lerp(colour, s_white, 0.35f) : colour;
                    break;
                }
                case ObjectClass.Crate:
                {
                    var m = MathF.Max(MathF.Abs(u), MathF.Abs(v));
                    d = m - 1f;
                    var groove = (v + 1f) * 2.5f % 1f < 0.14f;
                    shade = m > 0.8f ? colour * 0.6f : groove ? colour * 0.6f : MathF.Abs(u - v) < 0.12f ? colour * 0.8f : colour;
                    break;
                }
                case ObjectClass.Slime:
                {
                    var uu = u / param;
                    d = MathF.Max(0.8f * (MathF.Sqrt(uu * uu + v * v / 0.64f) - 1f), v - 0.5f);
                    var ex = MathF.Abs(u) - 0.35f * param;
                    var ey = v + 0.1f;
                    var eye = ex * ex + ey * ey;
                    var px = ex - 0.05f;
                    shade = px * px + ey * ey < 0.0081f ? s_black : eye < 0.04f ? s_white : v > 0.3f ? colour * 0.75f : colour;
                    break;
                }
                default:
                {
                    var cy = v + 0.35f;
                    var dc = MathF.Sqrt(u * u + cy * cy) - 0.65f * param;
                    var dt = MathF.Max(MathF.Abs(u) - 0.14f, MathF.Abs(v - 0.55f) - 0.45f);
                    d = MathF.Min(dc, dt);
                    var lx = u + 0.2f; var ly = v + 0.5f;
                    shade = dc > 0f ? s_trunk : lx * lx + ly * ly < 0.06f ? colour * 1.3f : colour;
                    break;
                }
            }
            var a = Coverage(d, zoom);
            if (a > 0f) c = Rgb3.Lerp(c, shade, a);
            return a;
        }

        // Anti-aliased coverage of a signed distance d in local units, about one screen pixel wide.
        private float Coverage(float d, float zoom) => Math.Clamp(0.5f - d * scale * zoom, 0f, 1f);

        private bool Local(float wx, float wy, float reach, out float u, out float v)
        {
            var dx = wx - x; var dy = wy - y;
            var r = reach * scale;
            if (MathF.Abs(dx) > r || MathF.Abs(dy) > r) { u = v = 0f; return false; }
            u = (dx * _cos + dy * _sin) / scale;
            v = (-dx * _sin + dy * _cos) / scale;
            return true;
        }
    }
}
