namespace Myelin.Editor.Bench;

/// <summary>
/// numpy's legacy <c>RandomState(seed).permutation(n)</c>, bit for bit: MT19937 seeded with
/// init_genrand, then a Fisher–Yates shuffle from the end drawing j in [0, i] by masked
/// rejection. Lets Myelin and the Python peers split MNIST identically without shipping a file.
/// </summary>
internal static class NumpyRandomState
{
    /// <summary>The same values as <c>numpy.random.RandomState(seed).permutation(n)</c>.</summary>
    public static int[] Permutation(uint seed, int n)
    {
        var mt = new Mt19937(seed);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)Interval(mt, (uint)i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    // numpy random_interval: smallest all-ones mask covering max, redraw until the value fits.
    private static uint Interval(Mt19937 mt, uint max)
    {
        var mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = mt.Next() & mask) > max) { }
        return value;
    }

    private sealed class Mt19937
    {
        private const int N = 624, M = 397;
        private readonly uint[] _mt = new uint[N];
        private int _index;

        public Mt19937(uint seed)
        {
            _mt[0] = seed;
            for (var i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
            _index = N;
        }

        public uint Next()
        {
            if (_index >= N) Twist();
            var y = _mt[_index++];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9D2C5680u;
            y ^= (y << 15) & 0xEFC60000u;
            y ^= y >> 18;
            return y;
        }

        private void Twist()
        {
            for (var i = 0; i < N; i++)
            {
                var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7FFFFFFFu);
                _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908B0DFu : 0u);
            }
            _index = 0;
        }
    }
}
