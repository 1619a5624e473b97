using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>W2: MNIST MLP 784-128(ReLU)-10, softmax cross-entropy, Adam 1e-3, batch 64, 5 epochs.</summary>
internal static class W2Mlp
{
    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var (train, test) = MnistTraining.Data(o, new Shape(784));
        var net = new Sequential(new Dense(784, 128), new Relu(), new Dense(128, 10));
        var model = new Model(net, new Shape(784), seed: 1, backend).Compile(p => new Adam(p, 1e-3f, 0.9f, 0.999f, 1e-8f), new SoftmaxCrossEntropy());
        var epochs = o.Quick ? 2 : 5;
        var (times, acc, bytes) = MnistTraining.Train(model, train, test, epochs, new HashSet<int> { 1, epochs }, backend, o.Log, "W2");
        // Judged against the faster PyTorch run: on a shared machine a disturbed 2-thread run
        // would otherwise pass the "same threads" target by accident.
        var threads = BenchRunner.MyelinThreads;
        return
        [
            o.Gpu
                ? new("W2", "epoch_s", $"median epoch ({times.Count})", "s", Measure.Median(times))
                : new("W2", "epoch_s", $"median epoch ({times.Count})", "s", Measure.Median(times)) { Target = $"≤ 0.5 × torch (best of 1t/{threads}t)", Check = Targets.TimeAtMost("torch-", 0.5) },
            new("W2", "acc_1", "test acc, epoch 1", "acc", acc[1]),
            Targets.Accuracy("W2", "acc_5", $"test acc, epoch {epochs}", acc[epochs], 0.93),
            Targets.Allocation("W2", "alloc per step", bytes),
        ];
    }
}
