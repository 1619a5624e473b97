namespace Myelin.Demos.Detection;

public sealed partial class SyntheticCamera
{
    /// <summary>
    /// A sprite or decoration in the world, seen from a top-down, three-quarter game camera: centre
    /// (X, Y), scale (world units per local unit), rotation, colour and one shape parameter. Objects use
    /// <see cref="ObjectClass"/> kinds; decorations use <see cref="Rock"/>, <see cref="Bush"/>,
    /// <see cref="Flowers"/> and <see cref="Hero"/> (the walking player, an occluder). Local v grows down the screen.
    /// </summary>
    private readonly struct Thing(int kind, float x, float y, float scale, float rotation, Rgb3 colour, float param)
    {
        public const int Rock = 10, Bush = 11, Flowers = 12, Hero = 13;
        private static readonly Rgb3 s_trunk = new(0.40f, 0.25f, 0.13f);
        private static readonly Rgb3 s_white = new(0.97f, 0.97f, 0.95f);
        private static readonly Rgb3 s_black = new(0.04f, 0.04f, 0.06f);
        private static readonly Rgb3 s_metal = new(0.55f, 0.57f, 0.6f);
        private static readonly Rgb3 s_skin = new(0.96f, 0.78f, 0.62f);
        private readonly float _cos = MathF.Cos(rotation), _sin = MathF.Sin(rotation);

        public int Kind { get; } = kind;
        public float X => x;
        public float Y => y;
        public float Scale => scale;
        public float Param => param;

        public static Rgb3 ObjectColour(ObjectClass kind, Rng rng)
        {
            switch (kind)
            {
                case ObjectClass.Coin: return new Rgb3(rng.Uniform(0.92f, 1f), rng.Uniform(0.7f, 0.82f), rng.Uniform(0.08f, 0.2f));
                case ObjectClass.Crate: return new Rgb3(rng.Uniform(0.55f, 0.7f), rng.Uniform(0.36f, 0.46f), rng.Uniform(0.16f, 0.26f));
                case ObjectClass.Slime:
                    // Slimes come in the colours games give them: green, blue, pink, violet.
                    return rng.NextInt(4) switch
                    {
                        0 => new Rgb3(0.35f, 0.85f, 0.3f),
                        1 => new Rgb3(0.25f, 0.6f, 0.95f),
                        2 => new Rgb3(0.95f, 0.45f, 0.7f),
                        _ => new Rgb3(0.65f, 0.4f, 0.9f),
                    } * rng.Uniform(0.85f, 1.05f);
                default: return new Rgb3(rng.Uniform(0.12f, 0.22f), rng.Uniform(0.42f, 0.58f), rng.Uniform(0.12f, 0.2f));
            }
        }

        /// <summary>A typical <paramref name="kind"/> filling a <paramref name="size"/>² tile around its centre.</summary>
        public static Thing Icon(ObjectClass kind, int size) =>
            new((int)kind, size * 0.5f, size * 0.5f, size * 0.34f, 0f, ObjectColour(kind, new Rng(3)), 1f);

        /// <summary>Area in local units² inside the outline (measured once per world, for the visible fraction).</summary>
        public float LocalArea()
        {
            const int n = 64;
            var reach = 1.7f * MathF.Max(1f, param);
            var inside = 0;
            for (var j = 0; j < n; j++)
                for (var i = 0; i < n; i++)
                    if (Distance(-reach + (i + 0.5f) * 2 * reach / n, -reach + (j + 0.5f) * 2 * reach / n) < 0) inside++;
            return inside * (2 * reach / n) * (2 * reach / n);
        }

        /// <summary>Darkens the ground under this thing's soft shadow, cast down-right away from the light.</summary>
        public void Shade(float wx, float wy, ref float light)
        {
            var (w, h) = Kind switch
            {
                (int)ObjectClass.Tree => (0.95f * param, 0.5f * param),
                (int)ObjectClass.Crate => (1.05f, 0.55f),
                Hero => (0.7f, 0.35f),
                Flowers => (0f, 0f),
                _ => (0.9f, 0.45f),
            };
            if (w == 0f) return;
            var cx = x + 0.35f * scale;
            var cy = y + (Kind == (int)ObjectClass.Tree ? 0.85f : 0.75f) * scale;
            var dx = (wx - cx) / (w * scale);
            var dy = (wy - cy) / (h * scale);
            var r = dx * dx + dy * dy;
            if (r >= 1f) return;
            light *= 1f - 0.45f * (1f - r * r);
        }

        /// <summary>Paints this thing over <paramref name="c"/>; returns its coverage (0..1).</summary>
        public float Paint(float wx, float wy, float zoom, ref Rgb3 c)
        {
            if (!Local(wx, wy, out var u, out var v)) return 0f;
            var d = Distance(u, v);
            var a = Math.Clamp(0.5f - d * scale * zoom, 0f, 1f);
            if (a > 0f) c = Rgb3.Lerp(c, Colour(u, v, d), a);
            return a;
        }

        // Signed distance to the outline in local units (negative inside).
        private float Distance(float u, float v)
        {
            switch (Kind)
            {
                case (int)ObjectClass.Coin:
                {
                    var uu = u / param;
                    return (MathF.Sqrt(uu * uu + v * v) - 1f) * MathF.Min(1f, param);
                }
                case (int)ObjectClass.Crate: return MathF.Max(MathF.Abs(u) - 1f, MathF.Abs(v) - 1f);
                case (int)ObjectClass.Slime:
                {
                    var uu = u / param;
                    return MathF.Max(0.8f * (MathF.Sqrt(uu * uu + v * v / 0.64f) - 1f), v - 0.45f);
                }
                case (int)ObjectClass.Tree:
                    return MathF.Min(Canopy(u, v, out _), MathF.Max(MathF.Abs(u) - 0.17f, MathF.Abs(v - 0.5f) - 0.45f));
                case Rock:
                {
                    var uu = u / param;
                    return 0.8f * (MathF.Sqrt(uu * uu + v * v / 0.6f) - 1f + 0.12f * MathF.Sin(3f * MathF.Atan2(v, uu) + param * 5f));
                }
                case Bush:
                {
                    var a = MathF.Sqrt((u + 0.35f) * (u + 0.35f) + v * v) - 0.6f;
                    var b = MathF.Sqrt((u - 0.35f) * (u - 0.35f) + (v - 0.1f) * (v - 0.1f)) - 0.55f;
                    return MathF.Min(a, b);
                }
                case Flowers:
                {
                    // Five petals' dots around the centre: a small patch.
                    var best = float.MaxValue;
                    for (var i = 0; i < 5; i++)
                    {
                        var (s, k) = MathF.SinCos(i * 1.2566f + param);
                        var du = u - 0.6f * k; var dv = v - 0.6f * s;
                        best = MathF.Min(best, MathF.Sqrt(du * du + dv * dv) - 0.22f);
                    }
                    return best;
                }
                default:
                {
                    // The hero: a head over a tunic.
                    var head = MathF.Sqrt(u * u + (v + 0.55f) * (v + 0.55f)) - 0.42f;
                    var body = MathF.Max(MathF.Sqrt(u * u / 0.36f + (v - 0.25f) * (v - 0.25f) / 0.49f) - 1f, v - 0.75f) * 0.6f;
                    return MathF.Min(head, body);
                }
            }
        }

        // Tree canopy: three shaded lobes; lobe tells which one (for its own sphere shading).
        private float Canopy(float u, float v, out int lobe)
        {
            var a = MathF.Sqrt(u * u + (v + 0.45f) * (v + 0.45f)) - 0.72f * param;
            var b = MathF.Sqrt((u + 0.5f * param) * (u + 0.5f * param) + (v + 0.05f) * (v + 0.05f)) - 0.5f * param;
            var c = MathF.Sqrt((u - 0.5f * param) * (u - 0.5f * param) + (v + 0.05f) * (v + 0.05f)) - 0.5f * param;
            lobe = a <= b && a <= c ? 0 : b <= c ? 1 : 2;
            return MathF.Min(a, MathF.Min(b, c));
        }

        // Lambert shading of a sphere-like bump lit from the top-left: 0.6 in shadow .. 1.25 facing the light.
        private static float Dome(float nu, float nv)
        {
            var r2 = Math.Clamp(nu * nu + nv * nv, 0f, 1f);
            var nz = MathF.Sqrt(1f - r2);
            return 0.6f + 0.65f * MathF.Max(0f, -0.45f * nu - 0.55f * nv + 0.7f * nz);
        }

        private Rgb3 Colour(float u, float v, float d)
        {
            var edge = d > -0.08f;
            switch (Kind)
            {
                case (int)ObjectClass.Coin:
                {
                    var uu = u / param;
                    var r = MathF.Sqrt(uu * uu + v * v);
                    if (edge || r > 0.84f) return colour * 0.62f;
                    if (r is > 0.55f and < 0.63f) return colour * 0.8f;
                    if (MathF.Abs(uu) < 0.13f && MathF.Abs(v) < 0.38f) return colour * 0.78f; // the embossed slot
                    var spot = (uu + 0.35f) * (uu + 0.35f) + (v + 0.38f) * (v + 0.38f);
                    if (spot < 0.05f) return Rgb3.Lerp(colour, s_white, 0.75f);
                    return colour * Dome(uu * 0.8f, v * 0.8f);
                }
                case (int)ObjectClass.Crate:
                {
                    if (edge) return colour * 0.35f;
                    var grain = 0.88f + 0.2f * Noise.Value(u * 2.5f + param * 9, v * 14f, 11);
                    // Metal corner brackets.
                    if (MathF.Abs(u) > 0.74f && (v < -0.74f || v > 0.74f)) return s_metal * (v < -0.35f ? 1.15f : 0.85f);
                    if (v < -0.3f)
                    {
                        // The top face: planks along u, lit.
                        var groove = MathF.Abs((u + 1f) * 1.5f % 1f - 0.5f) > 0.44f;
                        return colour * (groove ? 0.7f : 1.18f * grain);
                    }
                    if (MathF.Abs(v + 0.3f) < 0.07f) return colour * 0.45f; // the lid's edge
                    // The front face: a frame and an X brace, in shade.
                    var fu = MathF.Abs(u); var fv = (v + 0.23f) / 1.23f * 2f - 1f;
                    var frame = fu > 0.78f || MathF.Abs(fv) > 0.78f;
                    var brace = MathF.Abs(MathF.Abs(u) - MathF.Abs(fv)) < 0.16f;
                    return colour * (frame || brace ? 0.95f * grain : 0.66f * grain);
                }
                case (int)ObjectClass.Slime:
                {
                    var uu = u / param;
                    if (edge) return colour * 0.45f;
                    var ex = MathF.Abs(uu) - 0.36f; var ey = v + 0.02f;
                    var eye = ex * ex + ey * ey * 0.7f;
                    if (eye < 0.028f)
                    {
                        var px = ex + 0.03f; var py = ey + 0.03f;
                        return px * px + py * py < 0.009f ? s_black : s_white;
                    }
                    var spot = (uu + 0.42f) * (uu + 0.42f) + (v + 0.42f) * (v + 0.42f) * 2f;
                    if (spot < 0.035f) return Rgb3.Lerp(colour, s_white, 0.8f);
                    return colour * Dome(uu, v / 0.8f);
                }
                case (int)ObjectClass.Tree:
                {
                    var leaves = Canopy(u, v, out var lobe);
                    if (leaves > 0f)
                    {
                        // The trunk, with bark lines.
                        if (d > -0.05f) return s_trunk * 0.5f;
                        return s_trunk * (MathF.Abs(u * 9f % 1f) < 0.3f ? 0.75f : 1.05f);
                    }
                    if (leaves > -0.07f) return colour * 0.45f;
                    var (cu, cv, r) = lobe switch
                    {
                        0 => (0f, -0.45f, 0.72f * param),
                        1 => (-0.5f * param, -0.05f, 0.5f * param),
                        _ => (0.5f * param, -0.05f, 0.5f * param),
                    };
                    var clumps = Noise.Value(u * 5f + param * 13, v * 5f, 5) > 0.62f ? 1.15f : 1f;
                    return colour * (Dome((u - cu) / r, (v - cv) / r) * clumps);
                }
                case Rock: return edge ? colour * 0.5f : colour * Dome(u / param * 0.9f, v / 0.8f);
                case Bush: return edge ? colour * 0.5f : colour * (0.8f + 0.35f * Noise.Value(u * 6f + param * 7, v * 6f, 9));
                case Flowers: return MathF.Sqrt(u * u + v * v) < 0.2f ? new Rgb3(1f, 0.9f, 0.3f) : colour;
                default:
                {
                    if (edge) return s_black;
                    if (v < -0.15f) return v < -0.75f || MathF.Abs(u) > 0.3f && v < -0.5f ? Rgb3.Lerp(colour, new Rgb3(0.35f, 0.2f, 0.08f), 0.6f) : s_skin;
                    return colour * Dome(u / 0.6f, (v - 0.25f) / 0.7f);
                }
            }
        }

        private bool Local(float wx, float wy, out float u, out float v)
        {
            var dx = wx - x; var dy = wy - y;
            var r = 1.7f * scale * MathF.Max(1f, param);
            if (MathF.Abs(dx) > r || MathF.Abs(dy) > r) { u = v = 0f; return false; }
            u = (dx * _cos + dy * _sin) / scale;
            v = (-dx * _sin + dy * _cos) / scale;
            return true;
        }
    }
}
