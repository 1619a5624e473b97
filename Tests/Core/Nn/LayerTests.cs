using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Nn;
using NUnit.Framework;

namespace Myelin.Tests.Core.Nn;

public class LayerTests
{
    private static Tensor Input(params int[] dims) => Tensor.RandomNormal(new Shape(dims), new Rng(1));

    private static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData(new Dense(3, 5), new[] { 4, 3 }, new[] { 4, 5 }).SetArgDisplayNames("dense");
        yield return new TestCaseData(new Conv2D(2, 4, 3, stride: 2, padding: 1), new[] { 2, 2, 7, 7 }, new[] { 2, 4, 4, 4 }).SetArgDisplayNames("conv");
        yield return new TestCaseData(new MaxPool2D(2), new[] { 1, 3, 6, 6 }, new[] { 1, 3, 3, 3 }).SetArgDisplayNames("maxpool");
        yield return new TestCaseData(new AvgPool2D(3, 1, 1), new[] { 1, 3, 5, 5 }, new[] { 1, 3, 5, 5 }).SetArgDisplayNames("avgpool");
        yield return new TestCaseData(new Flatten(), new[] { 2, 3, 4, 5 }, new[] { 2, 60 }).SetArgDisplayNames("flatten");
        yield return new TestCaseData(new Relu(), new[] { 2, 3 }, new[] { 2, 3 }).SetArgDisplayNames("relu");
        yield return new TestCaseData(new Softmax(), new[] { 2, 3 }, new[] { 2, 3 }).SetArgDisplayNames("softmax");
        yield return new TestCaseData(new BatchNorm(3), new[] { 2, 3, 2, 2 }, new[] { 2, 3, 2, 2 }).SetArgDisplayNames("batchnorm");
        yield return new TestCaseData(new Dropout(0.5f), new[] { 2, 3 }, new[] { 2, 3 }).SetArgDisplayNames("dropout");
    }

    [TestCaseSource(nameof(Shapes))]
    public void ForwardShapeMatchesOutputShape(Module layer, int[] input, int[] expected)
    {
        Assert.That(layer.OutputShape(new Shape(input)), Is.EqualTo(new Shape(expected)));
        Assert.That(layer.Forward(Input(input)).Shape, Is.EqualTo(new Shape(expected)));
    }

    private static IEnumerable<TestCaseData> Mismatches()
    {
        yield return new TestCaseData(new Dense(3, 5, name: "hidden"), new[] { 4, 7 }, "(N, 3)").SetArgDisplayNames("dense");
        yield return new TestCaseData(new Conv2D(2, 4, 3, name: "c1"), new[] { 1, 3, 8, 8 }, "(N, 2, H, W)").SetArgDisplayNames("conv");
        yield return new TestCaseData(new BatchNorm(4, name: "bn"), new[] { 2, 3 }, "(N, 4)").SetArgDisplayNames("batchnorm");
    }

    [TestCaseSource(nameof(Mismatches))]
    public void ShapeMismatchNamesLayerAndBothShapes(Module layer, int[] input, string expected)
    {
        var actual = new Shape(input).ToString();
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(Input(input)));
        Assert.That(e!.Message, Does.Contain($"'{layer.Name}'").And.Contain(expected).And.Contain(actual));
        e = Assert.Throws<ArgumentException>(() => layer.OutputShape(new Shape(input)));
        Assert.That(e!.Message, Does.Contain($"'{layer.Name}'").And.Contain(actual));
    }

    [Test]
    public void PoolOnWrongRankNamesLayer()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaxPool2D(2, name: "pool").OutputShape(new Shape(2, 3)));
        Assert.That(e!.Message, Does.Contain("'pool'").And.Contain("(2, 3)"));
    }

    [TestCase(UnaryKind.Relu)]
    [TestCase(UnaryKind.Tanh)]
    [TestCase(UnaryKind.Sigmoid)]
    [TestCase(UnaryKind.Elu)]
    [TestCase(UnaryKind.LeakyRelu)]
    public void SequentialFusesDenseAndActivationWithSameNumbers(UnaryKind kind)
    {
        var dense = new Dense(4, 6);
        var fused = new Sequential(dense, new Activation(kind, 0.1f));
        var x = Input(3, 4);
        var y1 = fused.Forward(x).ToArray();
        var tape = Myelin.Autograd.Tape.Current;
        var unfused = Ops.Unary(Ops.Dense(x, dense.Weight, dense.Bias), kind, 0.1f).ToArray();
        // The fused kernel may evaluate the activation with a vector approximation: equal to 1e-6.
        Assert.That(y1, Is.EqualTo(unfused).Within(1e-6f));
        tape.Reset();
        // The fused path is one Dense node; the unfused one a Dense and a Unary.
        using var scope = new Myelin.Autograd.Tape().Activate();
        fused.Forward(x);
        Assert.That(Myelin.Autograd.Tape.Current.Count, Is.EqualTo(1));
    }

    /// <summary>
    /// Conv, ReLU, max pooling run fused: as one op for 2×2/2 windows over an even-sized output (the CPU
    /// pools in the convolution's epilogue), else as conv, then pool with ReLU applied to the maxima. The
    /// same values, and the same gradients for the input and the conv parameters, as the three ops in
    /// order, including windows with no positive value (shifted inputs make many of them) and ties.
    /// </summary>
    [TestCase(2, 2, 0, 8, true, 1)]
    [TestCase(2, 2, 0, 8, false, 1)]
    [TestCase(2, 2, 0, 7, true, 2)]
    [TestCase(3, 2, 1, 8, true, 2)]
    public void SequentialFusesConvReluAndPoolingWithTheSameValuesAndGradients(int size, int stride, int padding, int side, bool relu, int fusedOps)
    {
        var conv = new Conv2D(2, 3, 3, padding: 1);
        conv.Initialize(new Rng(5));
        conv.Bias!.CopyFrom([-0.6f, -0.3f, 0f]); // pushes windows below zero
        var pool = new MaxPool2D(size, stride, padding);
        var net = relu ? new Sequential(conv, new Relu(), pool) : new Sequential(conv, pool);
        // values in {-2, -1, 0, 1, 2} / 4: ties inside windows, and negative windows after the conv
        var x = Tensor.FromArray([.. Enumerable.Range(0, 2 * 2 * side * side).Select(i => (i * 7 % 5 - 2) / 4f)], new Shape(2, 2, side, side));
        x.RequiresGrad = true;

        (float[] Y, float[] Dx, float[] Dw, float[] Db, int Ops) Run(Func<Tensor, Tensor> forward)
        {
            var tape = new Tape();
            using var active = tape.Activate();
            foreach (var t in new[] { x, conv.Weight, conv.Bias! }) t.ZeroGrad();
            var y = forward(x);
            var loss = Ops.Sum(Ops.Unary(y, UnaryKind.Square, 0f));
            tape.Backward(loss);
            // the ops recorded before the loss's two
            return (y.ToArray(), x.Grad!.ToArray(), conv.Weight.Grad!.ToArray(), conv.Bias!.Grad!.ToArray(), tape.Count - 2);
        }
        var fused = Run(net.Forward);
        var inOrder = Run(t => Ops.MaxPool2D(relu ? Ops.Unary(conv.Forward(t), UnaryKind.Relu, 0f) : conv.Forward(t), size, stride, padding));
        Assert.That(fused.Ops, Is.EqualTo(fusedOps), "ops recorded by the fused forward");
        Assert.That(inOrder.Ops, Is.EqualTo(relu ? 3 : 2), "ops recorded in order");
        Assert.That(fused.Y, Is.EqualTo(inOrder.Y), "values");
        if (relu) Assert.That(fused.Y.Count(v => v == 0f), Is.GreaterThan(0), "some windows hold no positive value");
        Assert.That(fused.Dx, Is.EqualTo(inOrder.Dx), "input gradient");
        Assert.That(fused.Dw, Is.EqualTo(inOrder.Dw), "weight gradient");
        Assert.That(fused.Db, Is.EqualTo(inOrder.Db), "bias gradient");
    }

    [Test]
    public void InferenceRunsDenseStacksAsChainsWithTheBitsOfTheLayerByLayerForward()
    {
        // dense1+tanh, dense2 (own relu), dense3 | swish (not fusable: ends the chain) | dense4+sigmoid, dense5
        var net = new Sequential(new Dense(6, 64), new Tanh(), new Dense(64, 32, UnaryKind.Relu), new Dense(32, 4),
            new Swish(), new Dense(4, 3), new Sigmoid(), new Dense(3, 2));
        net.Initialize(new Rng(12));
        foreach (var n in new[] { 1, 5, 300 })
        {
            var x = Tensor.RandomNormal(new Shape(n, 6), new Rng((ulong)n));
            var tape = new Tape();
            using var active = tape.Activate();
            var layerByLayer = net.Forward(x).ToArray();
            var opsWithGrad = tape.Count;
            tape.Reset();
            using (Tape.NoGrad())
            {
                var y = net.Forward(x);
                Assert.That(tape.Count, Is.EqualTo(3), "two chains and the swish");
                Assert.That(y.ToArray(), Is.EqualTo(layerByLayer), $"batch {n}: chained inference against the recorded forward");
            }
            Assert.That(opsWithGrad, Is.EqualTo(6), "with gradients every dense layer records its own op");
        }
    }

    [Test]
    public void DenseChainNamesTheStageThatDoesNotFit()
    {
        var x = Tensor.Zeros(new Shape(2, 3));
        var e = Assert.Throws<ArgumentException>(() => Ops.DenseChain(x,
            [new DenseStage(Tensor.Zeros(new Shape(3, 8)), null, UnaryKind.Tanh, 0f), new DenseStage(Tensor.Zeros(new Shape(7, 2)), null, UnaryKind.Identity, 0f)]));
        Assert.That(e!.Message, Does.Contain("stage 1").And.Contain("(N, 8)").And.Contain("(7, 2)"));
    }

    [Test]
    public void SequentialNamesLayersUniquely()
    {
        var net = new Sequential(new Dense(2, 3), new Relu(), new Dense(3, 1), new Relu());
        Assert.That(net.Layers.Select(l => l.Name), Is.EqualTo(new[] { "dense1", "relu1", "dense2", "relu2" }));
        Assert.That(net.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias" }));
        Assert.That(net.ParameterCount, Is.EqualTo(2 * 3 + 3 + 3 + 1));
    }

    [Test]
    public void DropoutIsIdentityInEvalAndDropsAboutPInTraining()
    {
        const float p = 0.3f;
        var layer = new Dropout(p);
        layer.Initialize(new Rng(1));
        var x = Tensor.Ones(100, 100);
        var y = layer.Forward(x).ToArray();
        var zeros = y.Count(v => v == 0f) / (double)y.Length;
        Assert.That(zeros, Is.EqualTo(p).Within(0.02));
        Assert.That(y.Where(v => v != 0f), Is.All.EqualTo(1f / (1f - p)).Within(1e-6f));
        var y2 = layer.Forward(x).ToArray();
        Assert.That(y2, Is.Not.EqualTo(y), "each step draws a new mask");
        layer.Eval();
        Assert.That(layer.Forward(x), Is.SameAs(x));
    }

    [Test]
    public void BatchNormUpdatesRunningStatsAndUsesThemInEval()
    {
        const float momentum = 0.1f;
        var bn = new BatchNorm(2, momentum);
        var x = Tensor.FromArray([1f, 10f, 3f, 20f, 5f, 30f, 7f, 40f], 4, 2);
        var y = bn.Forward(x).ToArray();
        // Training output: each column normalised to mean 0, variance ≈ 1 (biased batch variance).
        Assert.That(new[] { y[0], y[2], y[4], y[6] }.Average(), Is.EqualTo(0f).Within(1e-5f));
        Assert.That(new[] { y[0], y[2], y[4], y[6] }.Average(v => v * v), Is.EqualTo(1f).Within(1e-4f));
        // Column 0: mean 4, unbiased var 20/3; column 1: mean 25, unbiased var 500/3.
        Assert.That(bn.RunningMean.ToArray(), Is.EqualTo(new[] { momentum * 4f, momentum * 25f }).Within(1e-4f));
        Assert.That(bn.RunningVar.ToArray(), Is.EqualTo(new[] { 1 - momentum + momentum * 20f / 3, 1 - momentum + momentum * 500f / 3 }).Within(1e-3f));
        bn.Eval();
        var e = bn.Forward(x).ToArray();
        var rm = bn.RunningMean.ToArray(); var rv = bn.RunningVar.ToArray();
        for (var i = 0; i < 8; i++)
            Assert.That(e[i], Is.EqualTo((x.ToArray()[i] - rm[i % 2]) / MathF.Sqrt(rv[i % 2] + bn.Epsilon)).Within(1e-4f));
        Assert.That(bn.RunningMean.ToArray(), Is.EqualTo(rm), "evaluation leaves the running stats alone");
    }

    [TestCase(Init.XavierUniform, 0)]
    [TestCase(Init.XavierNormal, 0)]
    [TestCase(Init.HeUniform, 0)]
    [TestCase(Init.HeNormal, 0)]
    [TestCase(Init.StandardNormal, 0)]
    public void InitStdMatchesTheory(Init scheme, int unused)
    {
        const int fanIn = 200, fanOut = 100;
        const double tolerance = 0.03; // relative; ~20,000 samples give ≈0.5% standard error
        var t = Tensor.Zeros(fanIn, fanOut);
        Initializers.Fill(t, scheme, fanIn, fanOut, new Rng(4));
        var v = t.ToArray();
        var mean = v.Average(x => (double)x);
        var std = Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
        var expected = scheme switch
        {
            Init.XavierUniform or Init.XavierNormal => Math.Sqrt(2.0 / (fanIn + fanOut)),
            Init.HeUniform or Init.HeNormal => Math.Sqrt(2.0 / fanIn),
            _ => 1.0,
        };
        Assert.That(std, Is.EqualTo(expected).Within(tolerance * expected), $"std of {scheme}");
        Assert.That(Math.Abs(mean), Is.LessThan(0.05 * expected));
    }
}
