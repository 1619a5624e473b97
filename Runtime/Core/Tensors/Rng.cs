namespace Myelin;

/// <summary>
/// A small, fast, seeded random generator (xoshiro256** seeded by SplitMix64). Our own so that a
/// seed means the same numbers on every .NET version and platform: determinism is a feature.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private float _spareNormal;
    private bool _hasSpare;

    /// <summary>Creates a generator from a seed; equal seeds give equal sequences.</summary>
    public Rng(ulong seed) => Reseed(seed);

    /// <summary>Restarts this generator as if it were new from <paramref name="seed"/> (reuse without allocating).</summary>
    public void Reseed(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        _hasSpare = false;
        _spareNormal = 0f;
    }

    /// <summary>Derives an independent generator for a named purpose (e.g. one per layer).</summary>
    public Rng Fork() => new(NextULong());

    /// <summary>Next 64 random bits.</summary>
    public ulong NextULong()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 bits of precision.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [low, high).</summary>
    public float Uniform(float low, float high) => low + (high - low) * NextFloat();

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), "The upper bound must be positive.");
        return (int)((NextULong() >> 33) * (ulong)maxExclusive >> 31);
    }

    /// <summary>Standard normal sample (Box–Muller, pairs cached).</summary>
    public float Normal()
    {
        if (_hasSpare) { _hasSpare = false; return _spareNormal; }
        double u1, u2;
        do u1 = (NextULong() >> 11) * (1.0 / (1UL << 53)); while (u1 <= double.Epsilon);
        u2 = (NextULong() >> 11) * (1.0 / (1UL << 53));
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = (float)(r * Math.Sin(2 * Math.PI * u2));
        _hasSpare = true;
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public float Normal(float mean, float std) => mean + std * Normal();

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// Stateless 32-bit hash of (seed, index) to a uniform float in [0, 1): the counter-based
    /// generator the backends use for dropout masks. 32-bit integer arithmetic only, so GLSL and
    /// ILGPU kernels compute the very same values and every backend draws identical masks.
    /// </summary>
    public static float Hash(uint seed, uint index)
    {
        var x = index * 0x9E3779B9u ^ seed;
        x ^= x >> 16; x *= 0x7FEB352Du;
        x ^= x >> 15; x *= 0x846CA68Bu;
        x ^= x >> 16;
        return (x >> 8) * (1.0f / (1 << 24));
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
