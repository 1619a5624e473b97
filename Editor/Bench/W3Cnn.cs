using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>
/// W3: MNIST CNN conv 1→8 3×3 pad 1, ReLU, maxpool 2 → conv 8→16 3×3 pad 1, ReLU, maxpool 2 →
/// flatten 784 → dense 10; Adam 1e-3, batch 64, 3 epochs.
/// </summary>
internal static class W3Cnn
{
    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var (train, test) = MnistTraining.Data(o, new Shape(1, 28, 28));
        var net = new Sequential(
            new Conv2D(1, 8, 3, padding: 1), new Relu(), new MaxPool2D(2),
            new Conv2D(8, 16, 3, padding: 1), new Relu(), new MaxPool2D(2),
            new Flatten(), new Dense(784, 10));
        var model = new Model(net, new Shape(1, 28, 28), seed: 1, backend).Compile(p => new Adam(p, 1e-3f, 0.9f, 0.999f, 1e-8f), new SoftmaxCrossEntropy());
        var epochs = o.Quick ? 2 : 3;
        var (times, acc, bytes) = MnistTraining.Train(model, train, test, epochs, new HashSet<int> { epochs }, backend, o.Log, "W3");
        return
        [
            o.Kind == BackendKind.Cuda
                ? new("W3", "epoch_s", $"median epoch ({times.Count})", "s", Measure.Median(times)) { Target = "≤ 1.0 × torch-cuda", Check = Targets.TimeAtMost("torch-cuda", 1.0) }
                : o.Gpu
                    ? new("W3", "epoch_s", $"median epoch ({times.Count})", "s", Measure.Median(times))
                    : new("W3", "epoch_s", $"median epoch ({times.Count})", "s", Measure.Median(times)) { Target = "≤ 0.33 × torch (best of 1t/2t)", Check = Targets.TimeAtMost("torch-", 0.33) },
            Targets.Accuracy("W3", "acc_3", $"test acc, epoch {epochs}", acc[epochs], 0.93),
            Targets.Allocation("W3", "alloc per step", bytes),
        ];
    }
}
