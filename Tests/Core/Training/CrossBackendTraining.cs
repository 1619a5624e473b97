using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

/// <summary>
/// Trains the same small MNIST MLP (784-32 ReLU-10, Adam, batch 50) from the same initialisation on
/// the CPU backend and on another backend, and checks the second tracks the first: every loss of the
/// first 20 steps within <see cref="StepTolerance"/>, and test accuracy within 3 points after training.
/// Shared by the GPU backends' end-to-end tests.
/// </summary>
internal static class CrossBackendTraining
{
    /// <summary>Relative difference allowed between the two backends' losses at each early step.</summary>
    public const float StepTolerance = 1e-3f;

    public static void AssertMnistMlpTracksCpu(IBackend other, int trainSamples = 600, int epochs = 3)
    {
        var (train, _) = TestData.MnistTrain.Split(trainSamples);
        var (test, _) = TestData.MnistTest.Split(200);
        var (cpu, cpuLosses) = Train(CpuBackend.Instance, train, epochs);
        var (gpu, gpuLosses) = Train(other, train, epochs);
        for (var i = 0; i < 20; i++)
        {
            var diff = MathF.Abs(cpuLosses[i] - gpuLosses[i]) / MathF.Max(1e-3f, MathF.Abs(cpuLosses[i]));
            Assert.That(diff, Is.LessThan(StepTolerance), $"step {i + 1}: cpu loss {cpuLosses[i]}, {other.Name} loss {gpuLosses[i]}");
        }
        var cpuAccuracy = cpu.Evaluate(test).Accuracy;
        var otherAccuracy = gpu.Evaluate(test).Accuracy;
        TestContext.Out.WriteLine($"test accuracy after {epochs} epochs: cpu {cpuAccuracy:P1}, {other.Name} {otherAccuracy:P1}");
        Assert.That(cpuAccuracy, Is.GreaterThan(0.6f), "the CPU run itself must learn (chance is 0.1)");
        Assert.That(otherAccuracy, Is.EqualTo(cpuAccuracy).Within(0.03f), $"{other.Name} accuracy vs the CPU's");
    }

    /// <summary>
    /// XOR (2-4-4-1, sigmoid, MSE, plain SGD lr 1) trained with ops and the tape directly — the explicit
    /// loop — on the CPU and on <paramref name="other"/> from the same initial weights (made on the
    /// reference backend): the losses of the first 20 steps agree within 1e-5 and fall.
    /// </summary>
    public static void AssertXorTracksCpu(IBackend other)
    {
        Shape[] shapes = [new(2, 4), new(4), new(4, 4), new(4), new(4, 1), new(1)];
        var rng = new Rng(2024);
        var init = shapes.Select(s => Tensor.RandomUniform(s, rng, -1f, 1f, ReferenceBackend.Instance)).ToArray();
        var cpu = TrainXor(CpuBackend.Instance, init);
        var gpu = TrainXor(other, init);
        for (var step = 0; step < cpu.Length; step++)
            Assert.That(gpu[step], Is.EqualTo(cpu[step]).Within(1e-5f), $"loss at step {step}: cpu {cpu[step]}, {other.Name} {gpu[step]}");
        Assert.That(gpu[^1], Is.LessThan(gpu[0]), "the loss falls");
    }

    private static float[] TrainXor(IBackend backend, Tensor[] init)
    {
        var p = init.Select(t => { var c = t.To(backend); c.RequiresGrad = true; return c; }).ToArray();
        var x = Tensor.FromArray([0f, 0, 0, 1, 1, 0, 1, 1], new Shape(4, 2), backend);
        var y = Tensor.FromArray([0f, 1, 1, 0], new Shape(4, 1), backend);
        var sgd = new OptimizerHyper { LearningRate = 1f };
        var losses = new float[20];
        using var scope = new Tape().Activate();
        for (var step = 0; step < losses.Length; step++)
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

    private static (Model Model, List<float> Losses) Train(IBackend backend, Dataset train, int epochs)
    {
        var net = new Sequential(new Flatten(), new Dense(784, 32), new Relu(), new Dense(32, 10));
        var model = new Model(net, train.SampleShape, seed: 5, backend).Compile(p => new Adam(p, 2e-3f), new SoftmaxCrossEntropy());
        var losses = new List<float>();
        model.Fit(train, new FitOptions { Epochs = epochs, BatchSize = 50, ShuffleSeed = 9, OnBatchEnd = (_, loss) => losses.Add(loss) });
        return (model, losses);
    }
}
