using Myelin.Backends;
using Myelin.Graphics;
using Myelin.Tests.Core;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>
/// Quick checks of the GL compute backend against the reference: each test runs the same primitive
/// on both from the same inputs and compares every tensor involved (inputs too, to catch stray writes).
/// </summary>
[TestFixture]
public class GlComputeBackendTests
{
    private const float Tolerance = 2e-5f;

    private GlTestContext _gl = null!;
    private GlComputeBackend Gpu => _gl.Backend;

    [OneTimeSetUp] public void CreateContext() => _gl = new GlTestContext();
    [OneTimeTearDown] public void DestroyContext() => _gl.Dispose();
    [SetUp] public void MakeCurrent() => _gl.MakeCurrent();
    [TearDown] public void NoGlError() => _gl.AssertNoGlError();

    [Test]
    public void ContextIsOpenGl45CoreOnMesa()
    {
        TestContext.Out.WriteLine(_gl.Context.Renderer);
        Assert.That(_gl.Context.Gl.GetStringS(Silk.NET.OpenGL.StringName.Version), Does.StartWith("4.5"));
    }

    [Test]
    public void UploadDownloadRoundTrips([Values(1, 7, 1025)] int n)
    {
        var values = Enumerable.Range(0, n).Select(i => i * 0.5f - 3f).ToArray();
        var t = Tensor.FromArray(values, new Shape(n), Gpu);
        Assert.That(t.ToArray(), Is.EqualTo(values));
    }

    [Test]
    public void FillAndAxpby([Values(1, 33, 1025)] int n) =>
        Check([new(n), new(n)], (b, t) => { b.Fill(t[0], 0.25f); b.Axpby(1.5f, t[1], 0.5f, t[0]); b.Axpby(2f, t[0], 0f, t[1]); });

    [Test]
    public void UnaryAndDerivative([Values] UnaryKind kind)
    {
        var alpha = kind == UnaryKind.Pow ? 3f : 0.7f;
        var positive = kind is UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Reciprocal;
        Check([new(7, 33), new(7, 33), new(7, 33), new(7, 33)],
            (b, t) => { b.Unary(kind, t[0], t[1], alpha); b.UnaryBackward(kind, t[0], t[1], t[2], t[3], alpha); },
            positive ? 0.1f : -8f, 8f);
    }

    [Test]
    public void BinaryBroadcasts([Values] BinaryKind kind) =>
        Check([new(4, 1, 5), new(3, 1), new(4, 3, 5)], (b, t) => b.Binary(kind, t[0], t[1], t[2]), 0.5f, 2f);

    [Test]
    public void SumToReducesBroadcastAxes()
    {
        Check([new(45, 65), new(65)], (b, t) => b.SumTo(t[0], t[1], 0.5f, 1f));
        Check([new(3, 4, 5), new(3, 1, 5)], (b, t) => b.SumTo(t[0], t[1], 1f, 0f));
        Check([new(1025), new(1)], (b, t) => b.SumTo(t[0], t[1], 1f, 0f));
    }

    [Test]
    public void MatMulWithTransposes([Values] bool transA, [Values] bool transB)
    {
        int m = 7, k = 33, n = 5;
        Check([transA ? new(k, m) : new(m, k), transB ? new(n, k) : new(k, n), new(m, n)],
            (b, t) => b.MatMul(t[0], t[1], t[2], transA, transB, 0.5f, 0.25f));
    }

    [Test]
    public void DenseWithBiasAndActivation([Values(UnaryKind.Identity, UnaryKind.Sigmoid, UnaryKind.Relu)] UnaryKind act) =>
        Check([new(9, 17), new(17, 6), new(6), new(9, 6)], (b, t) => b.Dense(t[0], t[1], t[2], t[3], act, 0f));

    [Test]
    public void PermuteReordersAxes() =>
        Check([new(2, 3, 4, 5), new(4, 2, 5, 3)], (b, t) => b.Permute(t[0], t[1], [2, 0, 3, 1]));

    [Test]
    public void WindowsFoldAndPool([Values(1, 2)] int stride, [Values(0, 1)] int pad)
    {
        var g = new Conv2DGeometry(2, 3, 7, 6, 3, 3, stride, stride, pad, pad);
        Shape x = new(2, 3, 7, 6), cols = new(g.PatchSize, g.PatchCount), y = new(2, 3, g.OutHeight, g.OutWidth);
        Check([x, cols], (b, t) => b.Im2Col(t[0], t[1], g));
        Check([cols, x], (b, t) => b.Col2Im(t[0], t[1], g));
        Check([x, y, y, x, x], (b, t) => { b.MaxPool2D(t[0], t[1], g); b.MaxPool2DBackward(t[0], t[2], t[3], g); b.AvgPool2DBackward(t[2], t[4], g); });
        Check([x, y], (b, t) => b.AvgPool2D(t[0], t[1], g));
    }

    [Test]
    public void SoftmaxFamilyAndArgMax()
    {
        Check([new(9, 10), new(9, 10), new(9, 10), new(9, 10), new(9)],
            (b, t) => { b.Softmax(t[0], t[1]); b.SoftmaxBackward(t[1], t[2], t[3]); b.ArgMax(t[0], t[4]); }, -5f, 5f);
        var labels = new float[] { 0, 3, 9, 2, 2, 7, 1, 0, 5 };
        Check([new(9, 10), new(9, 10), new(9), new(9), new(9, 10)], (b, t) =>
        {
            b.Upload(labels, t[3]);
            b.SoftmaxCrossEntropy(t[0], t[3], t[1], t[2]);
            b.SoftmaxCrossEntropyBackward(t[1], t[3], t[2], t[4]);
        }, -5f, 5f);
    }

    [Test]
    public void OutOfRangeLabelGivesNaNLossOnGpu()
    {
        var logits = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 0f], new Shape(2, 3), Gpu);
        var labels = Tensor.FromArray([1f, 3f], new Shape(2), Gpu);
        var probs = Tensor.Zeros(new Shape(2, 3), Gpu);
        var loss = Tensor.Zeros(new Shape(2), Gpu);
        var dlogits = Tensor.Zeros(new Shape(2, 3), Gpu);
        Gpu.SoftmaxCrossEntropy(logits, labels, probs, loss);
        Gpu.SoftmaxCrossEntropyBackward(probs, labels, Tensor.Ones(new Shape(2), Gpu), dlogits);
        var l = loss.ToArray();
        var d = dlogits.ToArray();
        Assert.That(float.IsFinite(l[0]) && float.IsNaN(l[1]), $"losses {l[0]}, {l[1]}");
        Assert.That(d[..3].All(float.IsFinite) && d[3..].All(float.IsNaN));
        Assert.That(probs.ToArray()[3..], Is.EqualTo(new[] { 1f / 3, 1f / 3, 1f / 3 }).Within(1e-6f));
    }

    [Test]
    public void DropoutMaskIsBitIdenticalToCpu([Values(1, 1025, 70000)] int n)
    {
        Check([new(n)], (b, t) => b.DropoutMask(t[0], 0.3f, 0xDEADBEEF), tolerance: 0f);
    }

    [Test]
    public void ClipByNormReadsNormOnGpu([Values(0.5f, 100f)] float maxNorm) =>
        Check([new(33), new(1)], (b, t) => b.ClipByNorm(t[0], t[1], maxNorm), 0.5f, 2f);

    [Test]
    public void OptimizerUpdates()
    {
        var h = new OptimizerHyper { LearningRate = 0.1f, Momentum = 0.9f, Beta1 = 0.9f, Beta2 = 0.99f, Epsilon = 1e-8f, WeightDecay = 0.01f, Step = 3 };
        Check([new(33), new(33), new(33)], (b, t) => b.SgdUpdate(t[0], t[1], t[2], h with { Nesterov = true }));
        Check([new(33), new(33)], (b, t) => b.SgdUpdate(t[0], t[1], null, h));
        Check([new(33), new(33), new(33), new(33)], (b, t) => b.AdamUpdate(t[0], t[1], t[2], t[3], h with { DecoupledWeightDecay = true }), 0.1f, 1f);
        Check([new(33), new(33), new(33)], (b, t) => b.AdagradUpdate(t[0], t[1], t[2], h), 0.1f, 1f);
        Check([new(33), new(33), new(33), new(33)], (b, t) => b.RmsPropUpdate(t[0], t[1], t[2], t[3], h), 0.1f, 1f);
    }

    [Test]
    public void TrainingStepPrimitivesAllocateNothing()
    {
        var x = Tensor.Zeros(new Shape(16, 8), Gpu);
        var w = Tensor.Zeros(new Shape(8, 4), Gpu);
        var bias = Tensor.Zeros(new Shape(4), Gpu);
        var y = Tensor.Zeros(new Shape(16, 4), Gpu);
        var dy = Tensor.Zeros(new Shape(16, 4), Gpu);
        var h = new OptimizerHyper { LearningRate = 0.1f };
        void Step()
        {
            Gpu.Dense(x, w, bias, y, UnaryKind.Relu, 0f);
            Gpu.Binary(BinaryKind.Subtract, y, bias, dy);
            Gpu.SumTo(dy, bias, 1f, 0f);
            Gpu.MatMul(x, dy, w, true, false, 1f, 1f);
            Gpu.SgdUpdate(w, w, null, h);
        }
        // fewest of three rounds of 50 steps: a one-off runtime allocation once failed a full run
        Assert.That(AllocationProbe.FewestBytes(Step, warmUp: 1, perRound: 50), Is.Zero, "bytes allocated by 250 dispatches");
    }

    /// <summary>Runs <paramref name="op"/> on the reference and on the GPU from the same random inputs; compares all tensors.</summary>
    private void Check(Shape[] shapes, Action<IBackend, Tensor[]> op, float low = -2f, float high = 2f, float tolerance = Tolerance)
    {
        var rng = new Rng(1234);
        var host = shapes.Select(s => Tensor.RandomUniform(s, rng, low, high, ReferenceBackend.Instance)).ToArray();
        var gpu = host.Select(t => t.To(Gpu)).ToArray();
        op(ReferenceBackend.Instance, host);
        op(Gpu, gpu);
        for (var i = 0; i < host.Length; i++)
        {
            var expected = host[i].ToArray();
            var actual = gpu[i].ToArray();
            var worst = 0.0;
            var at = -1;
            for (var j = 0; j < expected.Length; j++)
            {
                var e = expected[j];
                var a = actual[j];
                if (float.IsNaN(e) && float.IsNaN(a)) continue;
                var diff = Math.Abs((double)e - a) / (1.0 + Math.Abs(e));
                if (e == a) diff = 0;
                if (double.IsNaN(diff) || diff > worst) { worst = double.IsNaN(diff) ? double.PositiveInfinity : diff; at = j; }
            }
            Assert.That(worst, Is.LessThanOrEqualTo(tolerance),
                $"tensor {i} {shapes[i]}: max relative difference {worst:G3} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)})");
        }
    }
}
