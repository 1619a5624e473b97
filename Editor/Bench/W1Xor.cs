using System.Diagnostics;
using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>
/// W1: XOR 2-4-4-1, sigmoid after every layer, MSE mean over the 4 points, full-batch gradient
/// descent lr 0.1, randn·1.0 weights, 10,000 epochs; the whole loop is timed (after one untimed
/// run of the same loop on another model, so the JIT has settled as it would in a game).
/// </summary>
internal static class W1Xor
{
    public const int Epochs = 10_000;

    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var epochs = o.Quick ? 200 : Epochs;
        Loop(backend, epochs, seed: 2); // warm-up
        var model = NewModel(backend, seed: 1);
        var (x, y) = Data(backend);
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var e = 0; e < epochs; e++) model.TrainStep(x, y);
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / epochs;
        return
        [
            new("W1", "time_s", $"{epochs:N0}-epoch loop", "s", seconds) { Target = "≤ 1/30 × numpy", Check = Targets.TimeAtMost("numpy", 1.0 / 30) },
            new("W1", "us_epoch", "per epoch", "µs", seconds / epochs * 1e6),
            new("W1", "loss", "final MSE", "", model.LastLoss),
            Targets.Allocation("W1", "alloc per step", bytes),
        ];
    }

    private static void Loop(IBackend backend, int epochs, ulong seed)
    {
        var model = NewModel(backend, seed);
        var (x, y) = Data(backend);
        for (var e = 0; e < epochs; e++) model.TrainStep(x, y);
    }

    private static Model NewModel(IBackend backend, ulong seed)
    {
        var net = new Sequential(
            new Dense(2, 4, init: Init.StandardNormal), new Sigmoid(),
            new Dense(4, 4, init: Init.StandardNormal), new Sigmoid(),
            new Dense(4, 1, init: Init.StandardNormal), new Sigmoid());
        return new Model(net, new Shape(2), seed, backend).Compile(p => new Sgd(p, 0.1f), new MeanSquaredError(TargetKind.Binary));
    }

    // x:(4,2) the four corners, y:(4,1) their XOR.
    private static (Tensor X, Tensor Y) Data(IBackend backend) =>
        (Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], new Shape(4, 2), backend), Tensor.FromArray([0, 1, 1, 0], new Shape(4, 1), backend));
}
