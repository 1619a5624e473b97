using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>
/// End to end: XOR with a 2-4-4-1 sigmoid MLP, MSE and plain SGD, written with Ops and primitives,
/// trained from one initialisation on the ILGPU CPU simulator and on the CPU backend.
/// </summary>
[TestFixture]
public sealed class IlgpuXorTrainingTests
{
    private const int Steps = 20;
    private const float LossTolerance = 1e-5f;

    private static readonly float[] Inputs = [0, 0, 0, 1, 1, 0, 1, 1];
    private static readonly float[] Targets = [0, 1, 1, 0];

    [Test]
    public void LossesMatchTheCpuBackendForTwentySteps()
    {
        var init = Initialise(new Rng(7));
        var cpu = Train(CpuBackend.Instance, init);
        float[] gpu;
        using (var backend = IlgpuBackend.CreateCpuSimulator()) gpu = Train(backend, init);

        for (var i = 0; i < Steps; i++)
            Assert.That(gpu[i], Is.EqualTo(cpu[i]).Within(LossTolerance * (1 + Math.Abs(cpu[i]))), $"step {i}: ilgpu {gpu[i]} vs cpu {cpu[i]}");
        Assert.That(gpu[^1], Is.LessThan(gpu[0]), "the loss should fall");
    }

    // w1:(2,4) b1:(4) w2:(4,4) b2:(4) w3:(4,1) b3:(1), made on the reference backend.
    private static Tensor[] Initialise(Rng rng)
    {
        var r = ReferenceBackend.Instance;
        return
        [
            Tensor.RandomNormal(new Shape(2, 4), rng, 0f, 1f, r), Tensor.Zeros(new Shape(4), r),
            Tensor.RandomNormal(new Shape(4, 4), rng, 0f, 1f, r), Tensor.Zeros(new Shape(4), r),
            Tensor.RandomNormal(new Shape(4, 1), rng, 0f, 1f, r), Tensor.Zeros(new Shape(1), r),
        ];
    }

    private static float[] Train(IBackend backend, Tensor[] init)
    {
        var p = init.Select(t => t.To(backend)).ToArray();
        foreach (var t in p) t.RequiresGrad = true;
        var x = Tensor.FromArray(Inputs, new Shape(4, 2), backend);
        var y = Tensor.FromArray(Targets, new Shape(4, 1), backend);
        var sgd = new OptimizerHyper { LearningRate = 1f };
        var losses = new float[Steps];
        using var scope = new Tape().Activate();
        for (var step = 0; step < Steps; step++)
        {
            foreach (var t in p) t.ZeroGrad();
            var h1 = Ops.Dense(x, p[0], p[1], UnaryKind.Sigmoid);
            var h2 = Ops.Dense(h1, p[2], p[3], UnaryKind.Sigmoid);
            var o = Ops.Dense(h2, p[4], p[5], UnaryKind.Sigmoid);
            var loss = Ops.Mean(Ops.Square(Ops.Subtract(o, y)));
            loss.Backward();
            foreach (var t in p) backend.SgdUpdate(t, t.Grad!, null, sgd);
            losses[step] = loss.Item();
        }
        return losses;
    }
}
