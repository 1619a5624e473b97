using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using NUnit.Framework;
using static Myelin.Tests.Core.Autograd.GradientChecker;

namespace Myelin.Tests.Core.Autograd;

public partial class GradientCheckTests
{
    /// <summary>Puts the module on the reference backend with random (non-default) parameters.</summary>
    private static T OnReference<T>(T module, ulong seed) where T : Module
    {
        module.To(Backend);
        var rng = new Rng(seed);
        foreach (var p in module.Parameters)
        {
            var s = p.Span;
            for (var i = 0; i < s.Length; i++) s[i] = rng.Uniform(-1f, 1f);
        }
        return module;
    }

    /// <summary>Gradients with respect to the input and every parameter of <paramref name="layer"/>.</summary>
    private static void CheckLayer(Module layer, Tensor x, double h = Step, double atol = AbsoluteTolerance)
        => Check(layer.GetType().Name + " " + layer.Name, () => layer.Forward(x), [x, .. layer.Parameters], h: h, atol: atol);

    [TestCase(UnaryKind.Identity)]
    [TestCase(UnaryKind.Tanh)]
    [TestCase(UnaryKind.Gelu)]
    public void DenseLayer(UnaryKind activation)
        => CheckLayer(OnReference(new Dense(3, 4, activation), 20), Random(new Shape(5, 3), 21), atol: 3e-3);

    [Test]
    public void Conv2DLayer()
        => CheckLayer(OnReference(new Conv2D(2, 3, 3, stride: 2, padding: 1), 22), Random(new Shape(2, 2, 6, 6), 23), atol: 3e-3);

    [Test]
    public void PoolAndFlattenLayers()
    {
        CheckLayer(new MaxPool2D(2), DistinctValues(new Shape(2, 3, 4, 4), 24));
        CheckLayer(new AvgPool2D(3, 1, 1), Random(new Shape(2, 3, 4, 4), 25));
        CheckLayer(new Flatten(), Random(new Shape(2, 3, 2, 2), 26));
    }

    private static IEnumerable<Module> ActivationLayers() =>
        [new Relu(), new LeakyRelu(0.1f), new Elu(0.7f), new Sigmoid(), new Tanh(), new Swish(), new Gelu(), new Softmax()];

    [TestCaseSource(nameof(ActivationLayers))]
    public void ActivationLayer(Module layer) => CheckLayer(layer, Random(new Shape(3, 4), 27, -2f, 2f, awayFromZero: 0.1f));

    [Test]
    public void BatchNorm1D()
    {
        var bn = OnReference(new BatchNorm(4), 28);
        Assert.That(bn.IsTraining, Is.True);
        CheckLayer(bn, Random(new Shape(6, 4), 29, -2f, 2f), atol: 3e-3);
    }

    [Test]
    public void BatchNorm2D()
    {
        var bn = OnReference(new BatchNorm(3), 30);
        CheckLayer(bn, Random(new Shape(2, 3, 3, 3), 31, -2f, 2f), atol: 3e-3);
    }

    [Test]
    public void SequentialMlpWithFusedActivations()
    {
        var net = OnReference(new Sequential(new Dense(3, 5), new Tanh(), new Dense(5, 4), new Sigmoid(), new Dense(4, 2)), 32);
        CheckLayer(net, Random(new Shape(4, 3), 33), atol: 3e-3);
    }

    [Test]
    public void SequentialCnn()
    {
        var net = OnReference(new Sequential(
            new Conv2D(1, 2, 3, padding: 1), new Tanh(), new AvgPool2D(2), new Flatten(),
            new Dense(8, 3), new BatchNorm(3), new Gelu(), new Dense(3, 2)), 34);
        CheckLayer(net, Random(new Shape(3, 1, 4, 4), 35), atol: 3e-3);
    }

    private static IEnumerable<TestCaseData> Losses()
    {
        yield return new TestCaseData(new MeanSquaredError(), new[] { 0.3f, -1.2f, 0.8f, 2f, -0.4f, 0.1f }).SetArgDisplayNames("mse");
        yield return new TestCaseData(new BinaryCrossEntropy(), new[] { 0f, 1f, 1f, 0f, 1f, 0f }).SetArgDisplayNames("bce");
        // Huber δ = 0.5: residuals on both sides of δ, none within 2h of ±δ or 0.
        yield return new TestCaseData(new Huber(0.5f), new[] { 0.3f, -1.2f, 0.8f, 2f, -0.4f, 0.1f }).SetArgDisplayNames("huber");
    }

    [TestCaseSource(nameof(Losses))]
    public void Loss(Loss loss, float[] targets)
    {
        var prediction = Random(new Shape(3, 2), 36, -2f, 2f);
        var target = Tensor.FromArray(targets, new Shape(3, 2), Backend);
        var p = prediction.Span;
        for (var i = 0; i < p.Length; i++)
        {
            // Keep every residual at least 0.1 from 0 and from ±δ (kinks of |d| and of the Huber switch).
            var d = p[i] - targets[i];
            if (MathF.Abs(MathF.Abs(d) - 0.5f) < 0.1f || MathF.Abs(d) < 0.1f) p[i] += 0.25f;
        }
        Check(loss.Name, () => loss.Compute(prediction, target), [prediction]);
    }

    [Test]
    public void SoftmaxCrossEntropyLoss()
    {
        var logits = Random(new Shape(4, 3), 37, -2f, 2f);
        var labels = Tensor.FromArray([2f, 0f, 1f, 2f], new Shape(4), Backend);
        Check("softmax_xent", () => new SoftmaxCrossEntropy().Compute(logits, labels), [logits]);
    }
}
