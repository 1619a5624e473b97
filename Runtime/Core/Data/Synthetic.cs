namespace Myelin.Data;

/// <summary>
/// The classic 2-D toy problems (as in TensorFlow Playground): points in [-1, 1]² with a 0/1 class
/// label, from a seeded generator. <c>noise</c> jitters the points (0 = clean).
/// </summary>
public static class Synthetic
{
    /// <summary>The four XOR corners exactly: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.</summary>
    public static Dataset XorTable() =>
        new([0, 0, 0, 1, 1, 0, 1, 1], new Shape(2), [0, 1, 1, 0], new Shape(1), "xor-table");

    /// <summary>Points in the four quadrants; class 1 where x·y &lt; 0.</summary>
    public static Dataset Xor(int count, float noise, Rng rng) => Make(count, "xor", i =>
    {
        var x = rng.Uniform(-1f, 1f);
        var y = rng.Uniform(-1f, 1f);
        var padding = 0.05f;
        x += x > 0 ? padding : -padding;
        y += y > 0 ? padding : -padding;
        var label = x * y < 0 ? 1f : 0f;
        return (x + noise * rng.Normal() * 0.3f, y + noise * rng.Normal() * 0.3f, label);
    });

    /// <summary>A disc of class 1 inside a ring of class 0.</summary>
    public static Dataset Circle(int count, float noise, Rng rng) => Make(count, "circle", i =>
    {
        var inner = i % 2 == 0;
        var r = inner ? rng.Uniform(0f, 0.45f) : rng.Uniform(0.65f, 0.95f);
        var angle = rng.Uniform(0f, 2f * MathF.PI);
        return (r * MathF.Cos(angle) + noise * rng.Normal() * 0.1f, r * MathF.Sin(angle) + noise * rng.Normal() * 0.1f, inner ? 1f : 0f);
    });

    /// <summary>Two interleaved spirals (classes 0 and 1), 1.75 turns each.</summary>
    public static Dataset Spirals(int count, float noise, Rng rng) => Make(count, "spirals", i =>
    {
        var cls = i % 2;
        var t = (i / 2) / (float)Math.Max(1, count / 2);
        var r = 0.05f + 0.9f * t;
        var angle = 1.75f * t * 2f * MathF.PI + cls * MathF.PI;
        return (r * MathF.Sin(angle) + noise * rng.Normal() * 0.05f, r * MathF.Cos(angle) + noise * rng.Normal() * 0.05f, cls);
    });

    /// <summary>Two Gaussian blobs centred at (±0.5, ±0.5).</summary>
    public static Dataset Gaussian(int count, float noise, Rng rng) => Make(count, "gaussian", i =>
    {
        var cls = i % 2;
        var c = cls == 1 ? 0.5f : -0.5f;
        var std = 0.15f + 0.25f * noise;
        return (c + std * rng.Normal(), c + std * rng.Normal(), cls);
    });

    private static Dataset Make(int count, string name, Func<int, (float X, float Y, float Label)> sample)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Need at least one point.");
        var xs = new float[count * 2];
        var ys = new float[count];
        for (var i = 0; i < count; i++)
        {
            var (x, y, label) = sample(i);
            xs[2 * i] = x; xs[2 * i + 1] = y; ys[i] = label;
        }
        return new Dataset(xs, new Shape(2), ys, new Shape(1), name);
    }
}
