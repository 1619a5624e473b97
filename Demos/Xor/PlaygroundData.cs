namespace Myelin.Demos.Xor;

/// <summary>
/// The points of one playground run, split into train and test. Generators follow TF Playground's
/// dataset.ts on the plane [−6, 6]² with labels ±1 (regression: values in [−1, 1]); noise is
/// 0..0.5. Painted points join the training set. <see cref="Version"/> counts changes, so every
/// <see cref="Playground"/> sharing this object (an <see cref="OptimizerRace"/>) can notice them.
/// </summary>
public sealed class PlaygroundData
{
    /// <summary>Half-width of the input plane.</summary>
    public const float Radius = 6f;

    private readonly List<PlaygroundPoint> _train = [];
    private readonly List<PlaygroundPoint> _test = [];

    private PlaygroundData() { }

    /// <summary>Training points.</summary>
    public IReadOnlyList<PlaygroundPoint> Train => _train;
    /// <summary>Held-out points.</summary>
    public IReadOnlyList<PlaygroundPoint> Test => _test;
    /// <summary>Bumped on every change.</summary>
    public int Version { get; private set; }

    /// <summary>Generates <paramref name="count"/> points, shuffles them and puts <paramref name="trainPercent"/> % in the training set.</summary>
    public static PlaygroundData Generate(PlaygroundDataset dataset, int count, int noisePercent, int trainPercent, ulong seed)
    {
        var data = new PlaygroundData();
        data.Regenerate(dataset, count, noisePercent, trainPercent, seed);
        return data;
    }

    /// <summary>Replaces every point (painted ones too) with freshly generated ones, in place.</summary>
    public void Regenerate(PlaygroundDataset dataset, int count, int noisePercent, int trainPercent, ulong seed)
    {
        var rng = new Rng(seed);
        var noise = noisePercent / 100f;
        var points = dataset switch
        {
            PlaygroundDataset.Circle => Circle(count, noise, rng),
            PlaygroundDataset.Xor => Xor(count, noise, rng),
            PlaygroundDataset.Gaussian => TwoGaussians(count, noise, rng),
            PlaygroundDataset.Spiral => Spiral(count, noise, rng),
            PlaygroundDataset.Plane => Plane(count, noise, rng),
            PlaygroundDataset.MultiGaussian => MultiGaussian(count, noise, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, "Unknown dataset."),
        };
        var order = new int[points.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        rng.Shuffle(order);
        _train.Clear();
        _test.Clear();
        var trainCount = (int)Math.Round(points.Length * trainPercent / 100.0);
        for (var i = 0; i < order.Length; i++) (i < trainCount ? _train : _test).Add(points[order[i]]);
        Version++;
    }

    /// <summary>Adds a painted training point.</summary>
    public void AddTrain(PlaygroundPoint point)
    {
        _train.Add(point);
        Version++;
    }

    /// <summary>+1 inside radius 2.5, −1 in the ring 3.5..5; noise jitters the point before labelling.</summary>
    private static PlaygroundPoint[] Circle(int count, float noise, Rng rng)
    {
        const float r = 5f;
        var p = new PlaygroundPoint[count];
        for (var i = 0; i < count; i++)
        {
            var inner = i < count / 2;
            var radius = inner ? rng.Uniform(0f, r * 0.5f) : rng.Uniform(r * 0.7f, r);
            var angle = rng.Uniform(0f, 2f * MathF.PI);
            var x = radius * MathF.Sin(angle);
            var y = radius * MathF.Cos(angle);
            var nx = x + rng.Uniform(-r, r) * noise;
            var ny = y + rng.Uniform(-r, r) * noise;
            p[i] = new(x, y, MathF.Sqrt(nx * nx + ny * ny) < r * 0.5f ? 1f : -1f);
        }
        return p;
    }

    /// <summary>Uniform in ±[0.3, 5.3]² (kept off the axes); +1 where x·y ≥ 0 after noise.</summary>
    private static PlaygroundPoint[] Xor(int count, float noise, Rng rng)
    {
        const float padding = 0.3f;
        var p = new PlaygroundPoint[count];
        for (var i = 0; i < count; i++)
        {
            var x = rng.Uniform(-5f, 5f);
            x += x > 0 ? padding : -padding;
            var y = rng.Uniform(-5f, 5f);
            y += y > 0 ? padding : -padding;
            var nx = x + rng.Uniform(-5f, 5f) * noise;
            var ny = y + rng.Uniform(-5f, 5f) * noise;
            p[i] = new(x, y, nx * ny >= 0 ? 1f : -1f);
        }
        return p;
    }

    /// <summary>Blobs at (2, 2) → +1 and (−2, −2) → −1 with variance 0.5 + 7·noise (TF's 0.5..4 over noise 0..0.5).</summary>
    private static PlaygroundPoint[] TwoGaussians(int count, float noise, Rng rng)
    {
        var std = MathF.Sqrt(0.5f + 7f * noise);
        var p = new PlaygroundPoint[count];
        for (var i = 0; i < count; i++)
        {
            var positive = i < count / 2;
            var c = positive ? 2f : -2f;
            p[i] = new(rng.Normal(c, std), rng.Normal(c, std), positive ? 1f : -1f);
        }
        return p;
    }

    /// <summary>Two spirals of radius 0..5, 1.75 turns, the second rotated by π; noise jitters ±noise.</summary>
    private static PlaygroundPoint[] Spiral(int count, float noise, Rng rng)
    {
        var n = count / 2;
        var p = new PlaygroundPoint[2 * n];
        for (var arm = 0; arm < 2; arm++)
            for (var i = 0; i < n; i++)
            {
                var r = i / (float)n * 5f;
                var t = 1.75f * i / n * 2f * MathF.PI + arm * MathF.PI;
                p[arm * n + i] = new(r * MathF.Sin(t) + rng.Uniform(-1f, 1f) * noise,
                                     r * MathF.Cos(t) + rng.Uniform(-1f, 1f) * noise, arm == 0 ? 1f : -1f);
            }
        return p;
    }

    /// <summary>Uniform points; target (x + y)/10 of the noisy point, clamped to [−1, 1].</summary>
    private static PlaygroundPoint[] Plane(int count, float noise, Rng rng) =>
        Uniform(count, noise, rng, (x, y) => Math.Clamp((x + y) / 10f, -1f, 1f));

    // (centre x, centre y, sign) of the six bumps of TF's regressGaussian.
    private static readonly (float X, float Y, float Sign)[] s_bumps =
        [(-4f, 2.5f, 1f), (0f, 2.5f, -1f), (4f, 2.5f, 1f), (-4f, -2.5f, -1f), (0f, -2.5f, 1f), (4f, -2.5f, -1f)];

    /// <summary>The regression target of the multi-Gaussian set at (x, y): the strongest signed bump, 1 − d/2 clamped to [0, 1].</summary>
    public static float MultiGaussianTarget(float x, float y)
    {
        var label = 0f;
        foreach (var (cx, cy, sign) in s_bumps)
        {
            var d = MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
            var v = sign * Math.Clamp(1f - d / 2f, 0f, 1f);
            if (MathF.Abs(v) > MathF.Abs(label)) label = v;
        }
        return label;
    }

    private static PlaygroundPoint[] MultiGaussian(int count, float noise, Rng rng) => Uniform(count, noise, rng, MultiGaussianTarget);

    private static PlaygroundPoint[] Uniform(int count, float noise, Rng rng, Func<float, float, float> target)
    {
        var p = new PlaygroundPoint[count];
        for (var i = 0; i < count; i++)
        {
            var x = rng.Uniform(-Radius, Radius);
            var y = rng.Uniform(-Radius, Radius);
            var nx = x + rng.Uniform(-Radius, Radius) * noise;
            var ny = y + rng.Uniform(-Radius, Radius) * noise;
            p[i] = new(x, y, target(nx, ny));
        }
        return p;
    }
}
