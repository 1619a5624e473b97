using Myelin.Autograd;
using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>
/// End to end: XOR (2-4-4-1, sigmoid, MSE, plain SGD) trained with Ops and tape autograd on the GL
/// compute backend and on the CPU from the same initial weights; the losses must agree step by step.
/// </summary>
[TestFixture]
public class GlXorTrainingTests
{
    private const int Steps = 20;
    private const float LossTolerance = 1e-5f;

    private static readonly float[] s_inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] s_targets = [0, 1, 1, 0];

    private GlTestContext _gl = null!;

    [OneTimeSetUp] public void CreateContext() => _gl = new GlTestContext();
    [OneTimeTearDown] public void DestroyContext() => _gl.Dispose();
    [SetUp] public void MakeCurrent() => _gl.MakeCurrent();
    [TearDown] public void NoGlError() => _gl.AssertNoGlError();

    [Test]
    public void LossesMatchCpuStepByStep()
    {
        // w1:(2,4) b1:(4) w2:(4,4) b2:(4) w3:(4,1) b3:(1), made once on the reference backend.
        var rng = new Rng(2024);
        Shape[] shapes = [new(2, 4), new(4), new(4, 4), new(4), new(4, 1), new(1)];
        var init = shapes.Select(s => Tensor.RandomUniform(s, rng, -1f, 1f, ReferenceBackend.Instance)).ToArray();

        var cpu = Train(CpuBackend.Instance, init);
        var gpu = Train(_gl.Backend, init);

        for (var step = 0; step < Steps; step++)
        {
            TestContext.Out.WriteLine($"step {step,2}: cpu {cpu[step]:F7}  gl {gpu[step]:F7}");
            Assert.That(gpu[step], Is.EqualTo(cpu[step]).Within(LossTolerance), $"loss at step {step}");
        }
        Assert.That(gpu[^1], Is.LessThan(gpu[0]), "the loss falls");
    }

    /// <summary>Trains from copies of <paramref name="init"/> on <paramref name="backend"/>; returns the loss of each step.</summary>
    private static float[] Train(IBackend backend, Tensor[] init)
    {
        var p = init.Select(t => { var c = t.To(backend); c.RequiresGrad = true; return c; }).ToArray();
        var x = Tensor.FromArray(s_inputs, new Shape(4, 2), backend);
        var y = Tensor.FromArray(s_targets, new Shape(4, 1), backend);
        var sgd = new OptimizerHyper { LearningRate = 1f };
        var losses = new float[Steps];
        using var scope = new Tape().Activate();
        for (var step = 0; step < Steps; step++)
        {
            foreach (var t in p) t.ZeroGrad();
            var h1 = Ops.Dense(x, p[0], p[1], UnaryKind.Sigmoid);
            var h2 = Ops.Dense(h1, p[2], p[3], UnaryKind.Sigmoid);
            var output = Ops.Dense(h2, p[4], p[5], UnaryKind.Sigmoid);
            var loss = Ops.Mean(Ops.Square(Ops.Subtract(output, y)));
            losses[step] = loss.Item();
            loss.Backward();
            foreach (var t in p) backend.SgdUpdate(t, t.Grad!, null, sgd);
        }
        return losses;
    }
}
