using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// One conformance suite, many backends: every primitive of <see cref="IBackend"/> is run on the
/// backend under test and on <see cref="ReferenceBackend"/> (the spec) with the same fixed-seed
/// inputs, and the results are compared with a named tolerance. Subclasses only pick the backend.
/// </summary>
public abstract partial class BackendConformance
{
    /// <summary>The backend under test.</summary>
    protected abstract IBackend Backend { get; }

    /// <summary>Slow simulators (ILGPU CPU accelerator, llvmpipe) keep to small sizes; the tests still run.</summary>
    protected virtual bool SmallShapesOnly => false;

    /// <summary>Element-wise and row ops: |got − want| ≤ tol·(1 + |want|).</summary>
    protected virtual float Tolerance => 1e-5f;

    /// <summary>Transcendental element-wise functions (vector exp/tanh approximations).</summary>
    protected virtual float TranscendentalTolerance => 2e-5f;

    /// <summary>Sums over <paramref name="count"/> terms (float accumulation vs the spec's double).</summary>
    protected virtual float SumTolerance(int count) => Tolerance * MathF.Max(1f, MathF.Sqrt(count));

    /// <summary>Dot products of length <paramref name="k"/>: grows with K.</summary>
    protected virtual float MatMulTolerance(int k) => 2e-7f * (k + 16);

    /// <summary>Several optimizer steps.</summary>
    protected virtual float OptimizerTolerance => 2e-5f;

    /// <summary>Lengths for element-wise sweeps.</summary>
    protected int[] ElementSizes => SmallShapesOnly ? [1, 7, 33, 70] : [1, 7, 33, 1025, 45 * 65];

    /// <summary>Every length 1..70 hits every SIMD tail of a 512/256/128-bit loop.</summary>
    protected virtual bool SweepTailLengths => !SmallShapesOnly;

    /// <summary>Rank 0 (note: <c>new Shape()</c> is the struct default with Length 0, not a scalar).</summary>
    protected static Shape ScalarShape => new(ReadOnlySpan<int>.Empty);

    /// <summary>The spec.</summary>
    protected static IBackend Ref => ReferenceBackend.Instance;

    /// <summary>Uniform values on the reference backend from a fixed seed.</summary>
    protected static Tensor Rand(Rng rng, in Shape shape, float low = -1f, float high = 1f) =>
        Tensor.RandomUniform(shape, rng, low, high, Ref);

    /// <summary>Half-integers in [-3, 3]: many exact ties, for max/min/equal/argmax rules.</summary>
    protected static Tensor Ties(Rng rng, in Shape shape)
    {
        var t = Tensor.Zeros(shape, Ref);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++) s[i] = (rng.NextInt(13) - 6) * 0.5f;
        return t;
    }

    /// <summary>A copy of a reference tensor on the backend under test.</summary>
    protected Tensor On(Tensor t) => t.To(Backend);

    /// <summary>
    /// Compares element by element: |got − want| ≤ tol·(1 + |want|) (NaN matches NaN, infinities must
    /// match). Fails with the max abs difference, its index and both values.
    /// </summary>
    protected static void AssertClose(Tensor want, Tensor got, float tol, string what)
    {
        Assert.That(got.Shape, Is.EqualTo(want.Shape), $"{what}: shape");
        var w = want.ToArray();
        var g = got.ToArray();
        var worst = -1;
        double worstDiff = 0, worstExcess = 0;
        var bad = 0;
        for (var i = 0; i < w.Length; i++)
        {
            if (float.IsNaN(w[i]) && float.IsNaN(g[i])) continue;
            if (float.IsInfinity(w[i]) && w[i] == g[i]) continue;
            var diff = Math.Abs((double)w[i] - g[i]);
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            var excess = diff - tol * (1.0 + Math.Abs(w[i]));
            if (excess > 0) bad++;
            if (worst < 0 || diff > worstDiff) { worstDiff = diff; worst = i; }
            worstExcess = Math.Max(worstExcess, excess);
        }
        if (bad > 0)
            Assert.Fail($"{what}: {bad} of {w.Length} elements off by more than {tol:G3}·(1+|want|); " +
                        $"max abs diff {worstDiff:G4} at index {worst} (want {w[worst]:G9}, got {g[worst]:G9}).");
    }

    /// <summary>Bit-exact comparison.</summary>
    protected static void AssertEqual(Tensor want, Tensor got, string what)
    {
        Assert.That(got.Shape, Is.EqualTo(want.Shape), $"{what}: shape");
        var w = want.ToArray();
        var g = got.ToArray();
        for (var i = 0; i < w.Length; i++)
            if (BitConverter.SingleToInt32Bits(w[i]) != BitConverter.SingleToInt32Bits(g[i]))
                Assert.Fail($"{what}: first difference at index {i} (want {w[i]:G9}, got {g[i]:G9}).");
    }

    [Test]
    public void Fill()
    {
        foreach (var n in ElementSizes)
            foreach (var value in new[] { 0f, 3.5f, -1e30f })
            {
                var want = Tensor.Zeros(new Shape(n), Ref);
                var got = On(Rand(new Rng(1), new Shape(n)));
                Ref.Fill(want, value);
                Backend.Fill(got, value);
                AssertEqual(want, got, $"Fill n={n} value={value}");
            }
    }

    [Test]
    public void Axpby([Values(0f, -1.5f, 1f)] float beta)
    {
        foreach (var n in LengthsWithTails())
        {
            var rng = new Rng((ulong)n);
            // x longer than y: only y.Length elements are used.
            var x = Rand(rng, new Shape(n + 3));
            var y = Rand(rng, new Shape(n));
            if (beta == 0f) Ref.Fill(y, float.NaN); // beta = 0 overwrites, even NaN
            var got = On(y);
            Ref.Axpby(0.75f, x, beta, y);
            Backend.Axpby(0.75f, On(x), beta, got);
            AssertClose(y, got, Tolerance, $"Axpby n={n} beta={beta}");
        }
    }

    /// <summary>Element sizes, plus every length 1..70 when tails are swept.</summary>
    protected IEnumerable<int> LengthsWithTails()
    {
        var sizes = new SortedSet<int>(ElementSizes);
        if (SweepTailLengths)
            for (var n = 1; n <= 70; n++) sizes.Add(n);
        return sizes;
    }

    /// <summary>The alpha each unary function is tested with.</summary>
    protected static float AlphaFor(UnaryKind kind) => kind switch
    {
        UnaryKind.Scale => 1.7f,
        UnaryKind.LeakyRelu => 0.1f,
        UnaryKind.Elu => 1.3f,
        UnaryKind.AddScalar => 0.3f,
        UnaryKind.Pow => 2.5f,
        _ => 0f,
    };

    /// <summary>Inputs inside each function's domain; saturating functions also see large |x|.</summary>
    protected static Tensor UnaryInput(UnaryKind kind, Rng rng, in Shape shape) => kind switch
    {
        UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Pow or UnaryKind.Reciprocal => Rand(rng, shape, 0.05f, 4f),
        UnaryKind.Exp => Rand(rng, shape, -20f, 20f),
        UnaryKind.Sigmoid or UnaryKind.Tanh or UnaryKind.Softplus or UnaryKind.Swish or UnaryKind.Gelu or UnaryKind.Elu
            => Rand(rng, shape, -30f, 30f),
        _ => Rand(rng, shape, -4f, 4f),
    };

    /// <summary>Whether a kind needs the looser transcendental tolerance.</summary>
    protected float UnaryTolerance(UnaryKind kind) => kind switch
    {
        UnaryKind.Identity or UnaryKind.Negate or UnaryKind.Scale or UnaryKind.Square or UnaryKind.Abs
            or UnaryKind.Relu or UnaryKind.LeakyRelu or UnaryKind.AddScalar or UnaryKind.Sign => Tolerance,
        _ => TranscendentalTolerance,
    };

    [Test]
    public void Unary([Values] UnaryKind kind)
    {
        var alpha = AlphaFor(kind);
        foreach (var n in LengthsWithTails())
        {
            var x = UnaryInput(kind, new Rng(10 + (ulong)n), new Shape(n));
            var want = Tensor.Zeros(x.Shape, Ref);
            var got = Tensor.Zeros(x.Shape, Backend);
            Ref.Unary(kind, x, want, alpha);
            Backend.Unary(kind, On(x), got, alpha);
            AssertClose(want, got, UnaryTolerance(kind), $"Unary {kind} n={n}");
        }
    }

    /// <summary>Accumulating into a gradient, or overwriting one that holds NaN (its old values must not be read).</summary>
    [Test]
    public void UnaryBackward([Values] UnaryKind kind, [Values] bool overwrite)
    {
        var alpha = AlphaFor(kind);
        foreach (var n in LengthsWithTails())
        {
            var rng = new Rng(20 + (ulong)n);
            var x = UnaryInput(kind, rng, new Shape(n));
            var y = Tensor.Zeros(x.Shape, Ref);
            Ref.Unary(kind, x, y, alpha);
            var dy = Rand(rng, x.Shape);
            var want = overwrite ? Tensor.Zeros(x.Shape, Ref) : Rand(rng, x.Shape);
            var got = overwrite ? Tensor.Full(x.Shape, float.NaN, Backend) : On(want);
            Ref.UnaryBackward(kind, x, y, dy, want, alpha);
            Backend.UnaryBackward(kind, On(x), On(y), On(dy), got, alpha, overwrite);
            AssertClose(want, got, UnaryTolerance(kind), $"UnaryBackward {kind} n={n} overwrite={overwrite}");
        }
    }

    /// <summary>(a shape, b shape) pairs: same shape, row/column/middle broadcasts, scalars.</summary>
    protected IEnumerable<(Shape A, Shape B)> BinaryCases()
    {
        foreach (var n in ElementSizes) yield return (new Shape(n), new Shape(n));
        yield return (new Shape(7, 33), new Shape(33));
        yield return (new Shape(33), new Shape(7, 33));
        yield return (new Shape(7, 33), new Shape(7, 1));
        yield return (new Shape(2, 3, 4), new Shape(1, 3, 1));
        yield return (new Shape(1, 3, 1), new Shape(2, 3, 4));
        yield return (new Shape(7, 33), ScalarShape);
        yield return (ScalarShape, new Shape(7, 33));
        yield return (new Shape(1), new Shape(5, 1));
        if (!SmallShapesOnly)
        {
            yield return (new Shape(45, 65), new Shape(45, 65));
            yield return (new Shape(45, 65), new Shape(65));
            yield return (new Shape(45, 65), new Shape(45, 1));
            yield return (new Shape(45, 1), new Shape(1, 65));
        }
    }

    [Test]
    public void Binary([Values] BinaryKind kind)
    {
        var seed = 30ul;
        foreach (var (sa, sb) in BinaryCases())
        {
            var rng = new Rng(seed++);
            var ties = kind is BinaryKind.Maximum or BinaryKind.Minimum or BinaryKind.Equal or BinaryKind.GreaterEqual;
            var a = ties ? Ties(rng, sa) : Rand(rng, sa);
            var b = kind == BinaryKind.Divide ? Rand(rng, sb, 0.5f, 2f) : ties ? Ties(rng, sb) : Rand(rng, sb);
            var shape = Shape.Broadcast(sa, sb);
            var want = Tensor.Zeros(shape, Ref);
            var got = Tensor.Zeros(shape, Backend);
            Ref.Binary(kind, a, b, want);
            Backend.Binary(kind, On(a), On(b), got);
            AssertClose(want, got, Tolerance, $"Binary {kind} {sa} ∘ {sb}");
        }
    }

    /// <summary>(x shape, y shape) reductions.</summary>
    protected IEnumerable<(Shape X, Shape Y)> SumCases()
    {
        yield return (new Shape(1), new Shape(1));
        yield return (new Shape(7, 33), new Shape(33));
        yield return (new Shape(7, 33), new Shape(1, 33));
        yield return (new Shape(7, 33), new Shape(1));
        yield return (new Shape(7, 33), ScalarShape);
        yield return (new Shape(7, 33), new Shape(7, 1));
        yield return (new Shape(7, 33), new Shape(7, 33));
        yield return (new Shape(2, 3, 4), new Shape(1, 3, 1));
        yield return (new Shape(2, 3, 4), new Shape(3, 4));
        yield return (new Shape(2, 3, 4), new Shape(2, 1, 4));
        yield return (new Shape(1, 70), new Shape(70));
        if (!SmallShapesOnly)
        {
            yield return (new Shape(1025), new Shape(1));
            yield return (new Shape(45, 65), new Shape(65));
            yield return (new Shape(45, 65), new Shape(1));
            yield return (new Shape(45, 65), new Shape(45, 1));
            yield return (new Shape(64, 1025), new Shape(1025));
        }
    }

    [Test]
    public void SumTo([Values(0f, 2f)] float beta)
    {
        var seed = 40ul;
        foreach (var (sx, sy) in SumCases())
        {
            var rng = new Rng(seed++);
            var x = Rand(rng, sx);
            var want = Rand(rng, sy);
            if (beta == 0f) Ref.Fill(want, float.NaN);
            var got = On(want);
            Ref.SumTo(x, want, 0.5f, beta);
            Backend.SumTo(On(x), got, 0.5f, beta);
            AssertClose(want, got, SumTolerance(sx.Length / Math.Max(1, sy.Length)), $"SumTo {sx} → {sy} beta={beta}");
        }
    }

    /// <summary>(M, K, N) of the matmul sweep.</summary>
    protected IEnumerable<(int M, int K, int N)> MatMulSizes()
    {
        yield return (1, 1, 1);
        yield return (7, 7, 7);
        yield return (1, 16, 64);
        yield return (7, 1, 9);
        yield return (3, 17, 5);
        yield return (17, 9, 16);
        yield return (37, 5, 70); // several GPU tiles (the simulator's are 32 x 32)
        yield return (5, 300, 7); // long K over a small output: the GPU splits K
        yield return (35, 21, 16); // 16 columns: the CPU's skinny rows, two blocks of 16 and a ragged rest
        if (SmallShapesOnly) yield break;
        yield return (784, 64, 10); // a classifier head's weight gradient xᵀ·dz (transA)
        yield return (2000, 130, 16); // skinny and above the CPU's threading threshold
        yield return (33, 33, 33);
        yield return (45, 65, 33);
        yield return (65, 45, 97);
        yield return (1, 1025, 3);
        yield return (1025, 67, 129); // above the threading threshold
        yield return (130, 1025, 65);
        yield return (9, 3001, 10); // a convolution's weight gradient: small output, long K (the CPU's dot products, ragged edges and K tail)
        yield return (8, 4096, 9);
    }

    [Test]
    public void MatMul([Values] bool transA, [Values] bool transB)
    {
        foreach (var (m, k, n) in MatMulSizes())
            foreach (var (alpha, beta) in new[] { (1f, 0f), (0.5f, 2f), (-1f, 1f) })
            {
                var rng = new Rng((ulong)(m * 31 + k * 7 + n));
                var a = Rand(rng, transA ? new Shape(k, m) : new Shape(m, k));
                var b = Rand(rng, transB ? new Shape(n, k) : new Shape(k, n));
                var want = Rand(rng, new Shape(m, n));
                if (beta == 0f) Ref.Fill(want, float.NaN);
                var got = On(want);
                Ref.MatMul(a, b, want, transA, transB, alpha, beta);
                Backend.MatMul(On(a), On(b), got, transA, transB, alpha, beta);
                AssertClose(want, got, MatMulTolerance(k),
                    $"MatMul ({m}x{k})·({k}x{n}) transA={transA} transB={transB} alpha={alpha} beta={beta}");
            }
    }

    /// <summary>Activations a dense layer fuses.</summary>
    public static readonly UnaryKind[] DenseActivations =
    [
        UnaryKind.Identity, UnaryKind.Relu, UnaryKind.LeakyRelu, UnaryKind.Sigmoid, UnaryKind.Tanh,
        UnaryKind.Elu, UnaryKind.Swish, UnaryKind.Gelu, UnaryKind.Softplus,
    ];

    /// <summary>(N, I, O) of the dense sweep: the agent MLP shapes first.</summary>
    protected IEnumerable<(int N, int I, int O)> DenseSizes()
    {
        yield return (1, 16, 64);
        yield return (1, 64, 4);
        yield return (3, 7, 5);
        yield return (16, 16, 17);
        if (SmallShapesOnly) yield break;
        yield return (64, 64, 64);
        yield return (45, 65, 33);
        yield return (1025, 64, 64);
        yield return (21, 64, 4);   // narrow heads: 8-row blocks and a tail
        yield return (19, 9, 12);
    }

    [Test]
    public void Dense([ValueSource(nameof(DenseActivations))] UnaryKind activation, [Values] bool withBias)
    {
        var alpha = AlphaFor(activation);
        foreach (var (n, i, o) in DenseSizes())
        {
            var rng = new Rng((ulong)(n * 131 + i * 17 + o));
            var x = Rand(rng, new Shape(n, i));
            var w = Rand(rng, new Shape(i, o), -0.5f, 0.5f);
            var bias = withBias ? Rand(rng, new Shape(o)) : null;
            var want = Tensor.Zeros(new Shape(n, o), Ref);
            var got = Tensor.Full(new Shape(n, o), float.NaN, Backend);
            Ref.Dense(x, w, bias, want, activation, alpha);
            Backend.Dense(On(x), On(w), bias is null ? null : On(bias), got, activation, alpha);
            AssertClose(want, got, MathF.Max(MatMulTolerance(i), TranscendentalTolerance),
                $"Dense ({n}x{i})·({i}x{o}) {activation} bias={withBias}");
        }
    }

    [Test]
    public void DenseChainGivesTheBitsOfOneDensePerStage()
    {
        // The agent MLP with a narrow head, and a stack with a non-64 width; batch 1, blocks, leftovers and threaded bands.
        int[][] widths = SmallShapesOnly ? [[16, 64, 64, 4], [5, 7, 3]] : [[16, 64, 64, 4], [5, 7, 3], [9, 130, 64, 8, 1]];
        foreach (var sizes in widths)
            foreach (var n in SmallShapesOnly ? new[] { 1, 9 } : [1, 7, 33, 1000])
            {
                var rng = new Rng((ulong)(n * 7 + sizes.Length));
                var x = On(Rand(rng, new Shape(n, sizes[0])));
                var stages = new DenseStage[sizes.Length - 1];
                var kinds = new[] { UnaryKind.Tanh, UnaryKind.Relu, UnaryKind.Sigmoid, UnaryKind.Identity };
                for (var s = 0; s < stages.Length; s++)
                    stages[s] = new DenseStage(On(Rand(rng, new Shape(sizes[s], sizes[s + 1]), -0.5f, 0.5f)),
                        s == 1 ? null : On(Rand(rng, new Shape(sizes[s + 1]))), kinds[s % kinds.Length], 0f);
                var chained = stages.Select(st => Tensor.Full(new Shape(n, st.Weight.Shape[1]), float.NaN, Backend)).ToArray();
                Backend.DenseChain(x, stages, chained);
                var input = x;
                for (var s = 0; s < stages.Length; s++)
                {
                    var y = Tensor.Full(chained[s].Shape, float.NaN, Backend);
                    Backend.Dense(input, stages[s].Weight, stages[s].Bias, y, stages[s].Activation, 0f);
                    AssertEqual(y, chained[s], $"DenseChain [{string.Join(", ", sizes)}] stage {s}, batch {n}");
                    input = y;
                }
            }
    }

    [Test]
    public void Permute()
    {
        var cases = new (int[] Dims, int[] Perm)[]
        {
            ([1, 1], [1, 0]),
            ([7, 33], [1, 0]),
            ([45, 65], [1, 0]),
            ([2, 3, 4], [0, 1, 2]), ([2, 3, 4], [0, 2, 1]), ([2, 3, 4], [1, 0, 2]),
            ([2, 3, 4], [1, 2, 0]), ([2, 3, 4], [2, 0, 1]), ([2, 3, 4], [2, 1, 0]),
            ([2, 3, 4, 5], [0, 2, 3, 1]), ([2, 3, 4, 5], [0, 3, 1, 2]),
            ([2, 3, 4, 5], [1, 0, 2, 3]), ([2, 3, 4, 5], [3, 2, 1, 0]),
        };
        foreach (var (dims, perm) in cases)
        {
            var x = Rand(new Rng(50), new Shape(dims));
            var outDims = perm.Select(p => dims[p]).ToArray();
            var want = Tensor.Zeros(new Shape(outDims), Ref);
            var got = Tensor.Zeros(new Shape(outDims), Backend);
            Ref.Permute(x, want, perm);
            Backend.Permute(On(x), got, perm);
            AssertEqual(want, got, $"Permute {x.Shape} by [{string.Join(",", perm)}]");
        }
    }
}
