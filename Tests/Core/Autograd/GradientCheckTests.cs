using Myelin.Backends;
using NUnit.Framework;
using static Myelin.Tests.Core.Autograd.GradientChecker;

namespace Myelin.Tests.Core.Autograd;

/// <summary>Every op's backward against central finite differences (see <see cref="GradientChecker"/>).</summary>
public partial class GradientCheckTests
{
    private static readonly UnaryKind[] s_positiveDomain = [UnaryKind.Log, UnaryKind.Sqrt, UnaryKind.Reciprocal, UnaryKind.Pow];

    private static IEnumerable<UnaryKind> UnaryKinds => Enum.GetValues<UnaryKind>();

    [TestCaseSource(nameof(UnaryKinds))]
    public void Unary(UnaryKind kind)
    {
        // Away from kinks (0 for ReLU/abs/sign family) and inside the domain of log/sqrt/pow/reciprocal.
        var x = s_positiveDomain.Contains(kind)
            ? Random(new Shape(3, 5), 1, 0.5f, 2f)
            : Random(new Shape(3, 5), 1, -1.5f, 1.5f, awayFromZero: 0.1f);
        var alpha = kind switch
        {
            UnaryKind.Pow => 2.5f,
            UnaryKind.Scale => 1.7f,
            UnaryKind.AddScalar => 0.3f,
            UnaryKind.LeakyRelu => 0.1f,
            UnaryKind.Elu => 0.8f,
            _ => 0f,
        };
        Check(kind.ToString(), () => Ops.Unary(x, kind, alpha), [x], allowZeroGradient: kind == UnaryKind.Sign);
    }

    private static IEnumerable<TestCaseData> BinaryCases()
    {
        BinaryKind[] kinds = [BinaryKind.Add, BinaryKind.Subtract, BinaryKind.Multiply, BinaryKind.Divide, BinaryKind.Maximum, BinaryKind.Minimum];
        (int[] A, int[] B)[] shapes = [([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([1], [2, 3])];
        foreach (var k in kinds)
            foreach (var (a, b) in shapes)
                yield return new TestCaseData(k, a, b).SetArgDisplayNames(k.ToString(), new Shape(a).ToString(), new Shape(b).ToString());
    }

    [TestCaseSource(nameof(BinaryCases))]
    public void Binary(BinaryKind kind, int[] aDims, int[] bDims)
    {
        var a = Random(new Shape(aDims), 2, -2f, 2f, awayFromZero: 0.2f);
        // b: away from zero (divide) and away from a's values (max/min ties): a ∈ ±[0.2, 2.2), b ∈ ±[2.5, 3).
        // Divide: b ∈ ±[2.5, 3), away from zero. Max/min: b in a's range (mixed winners) but at
        // least 0.05 > 2h from every value of a, so no tie is crossed.
        var b = kind is BinaryKind.Maximum or BinaryKind.Minimum
            ? AwayFrom(Random(new Shape(bDims), 3, -2f, 2f), a, 0.05f)
            : Random(new Shape(bDims), 3, -0.5f, 0.5f, awayFromZero: 2.5f);
        Check($"{kind} {a.Shape} {b.Shape}", () => Ops.Binary(a, b, kind), [a, b]);
    }

    private static Tensor AwayFrom(Tensor b, Tensor a, float margin)
    {
        var av = a.Span.ToArray();
        var bs = b.Span;
        for (var i = 0; i < bs.Length; i++)
            while (TooClose(av, bs[i], margin)) bs[i] += margin;
        return b;
    }

    private static bool TooClose(float[] values, float v, float margin)
    {
        foreach (var a in values) if (MathF.Abs(a - v) < margin) return true;
        return false;
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void MatMul(bool transA, bool transB)
    {
        var a = Random(transA ? new Shape(4, 3) : new Shape(3, 4), 4);
        var b = Random(transB ? new Shape(5, 4) : new Shape(4, 5), 5);
        Check($"MatMul transA={transA} transB={transB}", () => Ops.MatMul(a, b, transA, transB), [a, b]);
    }

    [TestCase(UnaryKind.Identity, true)]
    [TestCase(UnaryKind.Identity, false)]
    [TestCase(UnaryKind.Relu, true)]
    [TestCase(UnaryKind.LeakyRelu, true)]
    [TestCase(UnaryKind.Elu, true)]
    [TestCase(UnaryKind.Sigmoid, true)]
    [TestCase(UnaryKind.Tanh, false)]
    [TestCase(UnaryKind.Gelu, true)]
    [TestCase(UnaryKind.Swish, true)]
    public void Dense(UnaryKind activation, bool withBias)
    {
        var x = Random(new Shape(4, 3), 6);
        var w = Random(new Shape(3, 5), 7);
        var b = withBias ? Random(new Shape(5), 8) : null;
        // Kinked activations: a smaller step keeps pre-activations from crossing 0.
        var h = activation is UnaryKind.Relu or UnaryKind.LeakyRelu or UnaryKind.Elu ? 1e-3 : Step;
        Check($"Dense {activation} bias={withBias}", () => Ops.Dense(x, w, b, activation, 0.2f), b is null ? [x, w] : [x, w, b], h: h, atol: 3e-3);
    }

    [Test]
    public void Reshape()
    {
        var x = Random(new Shape(2, 6), 9);
        Check("Reshape", () => Ops.Square(Ops.Reshape(x, 3, -1)), [x]);
    }

    [Test]
    public void Permute()
    {
        var x = Random(new Shape(2, 3, 4), 10);
        Check("Permute (2,0,1)", () => Ops.Permute(x, 2, 0, 1), [x]);
        Check("Transpose", () => Ops.Transpose(Ops.Reshape(x, 6, 4)), [x]);
    }

    [TestCase(new[] { 1, 4 })]
    [TestCase(new[] { 3, 1 })]
    [TestCase(new[] { 4 })]
    [TestCase(new[] { 1 })]
    public void SumToAndMeanTo(int[] target)
    {
        var x = Random(new Shape(3, 4), 11);
        Check($"SumTo {new Shape(target)}", () => Ops.SumTo(x, new Shape(target), 0.7f), [x]);
        Check($"MeanTo {new Shape(target)}", () => Ops.MeanTo(x, new Shape(target)), [x]);
    }

    [Test]
    public void SumAndMean()
    {
        var x = Random(new Shape(2, 3, 2), 12);
        Check("Sum", () => Ops.Sum(x), [x]);
        Check("Mean", () => Ops.Mean(x), [x]);
    }

    [TestCase(1, 0, true)]
    [TestCase(2, 1, true)]
    [TestCase(2, 0, false)]
    [TestCase(1, 2, true)]
    public void Conv2D(int stride, int padding, bool withBias)
    {
        var x = Random(new Shape(2, 2, 5, 5), 13);
        var w = Random(new Shape(3, 2, 3, 3), 14);
        var b = withBias ? Random(new Shape(3), 15) : null;
        Check($"Conv2D s{stride} p{padding} bias={withBias}", () => Ops.Conv2D(x, w, b, stride, padding), b is null ? [x, w] : [x, w, b], atol: 3e-3);
    }

    [TestCase(2, 2, 0)]
    [TestCase(3, 2, 1)]
    [TestCase(2, 1, 0)]
    public void Pools(int size, int stride, int padding)
    {
        var x = DistinctValues(new Shape(2, 2, 5, 5), 16);
        Check($"MaxPool2D k{size} s{stride} p{padding}", () => Ops.MaxPool2D(x, size, stride, padding), [x]);
        Check($"AvgPool2D k{size} s{stride} p{padding}", () => Ops.AvgPool2D(x, size, stride, padding), [x]);
    }

    /// <summary>A permutation of 0.05·i: every two values differ by more than 2h, so max-pool never ties.</summary>
    private static Tensor DistinctValues(in Shape shape, ulong seed)
    {
        var order = Enumerable.Range(0, shape.Length).ToArray();
        new Rng(seed).Shuffle(order);
        var t = Tensor.FromArray(order.Select(i => 0.05f * i - 1f).ToArray(), shape, Backend);
        t.RequiresGrad = true;
        return t;
    }

    [Test]
    public void Softmax()
    {
        var x = Random(new Shape(3, 5), 17, -2f, 2f);
        Check("Softmax", () => Ops.Softmax(x), [x]);
    }

    [Test]
    public void SoftmaxCrossEntropy()
    {
        var logits = Random(new Shape(4, 5), 18, -2f, 2f);
        var labels = Tensor.FromArray([0f, 3f, 4f, 1f], new Shape(4), Backend);
        Check("SoftmaxCrossEntropy", () => Ops.SoftmaxCrossEntropy(logits, labels), [logits]);
    }

    [Test]
    public void Dropout()
    {
        var x = Random(new Shape(4, 6), 19);
        Check("Dropout p=0.4", () => Ops.Dropout(x, 0.4f, 1234u), [x]);
    }
}
