using System.Diagnostics;
using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>
/// W1: XOR 2-4-4-1, sigmoid after every layer, MSE mean over the 4 points, full-batch gradient
/// descent lr 0.1, randn·1.0 weights, 10,000 epochs; the whole loop is timed (median of five runs on
/// fresh models), after untimed
/// runs of the same loop on other models (see <see cref="WarmUp"/>).
/// </summary>
internal static class W1Xor
{
    public const int Epochs = 10_000;

    public static IReadOnlyList<BenchRow> Run(BenchOptions o, IBackend backend)
    {
        var epochs = o.Quick ? 200 : o.Small ? 1000 : Epochs;
        WarmUp(backend, epochs, o.Quick || o.Small);
        // Median of five timed loops, each on a fresh model from the same seed.
        var times = new List<double>();
        var bytes = 0.0;
        Model model = null!;
        for (var run = 0; run < (o.Quick || o.Small ? 1 : 5); run++)
        {
            model = NewModel(backend, seed: 1);
            var (x, y) = Data(backend);
            var clock = Stopwatch.StartNew();
            model.TrainStep(x, y); // the first step of a fresh model allocates its tape, outputs and gradients
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var e = 1; e < epochs; e++) model.TrainStep(x, y);
            BenchBackends.Synchronize(backend);
            var elapsed = clock.Elapsed.TotalSeconds;
            bytes = Math.Max(bytes, (double)(GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (epochs - 1));
            times.Add(elapsed);
        }
        var seconds = Measure.Median(times);
        return
        [
            new("W1", "time_s", $"{epochs:N0}-epoch loop (median of {times.Count})", "s", seconds) { Target = o.Gpu ? null : "≤ 1/30 × numpy", Check = o.Gpu ? null : Targets.TimeAtMost("numpy", 1.0 / 30) },
            new("W1", "us_epoch", "per epoch", "µs", seconds / epochs * 1e6),
            new("W1", "loss", "final MSE", "", model.LastLoss),
            Targets.Allocation("W1", "alloc per step", bytes),
        ];
    }

    /// <summary>
    /// Runs the loop on throwaway models until two runs in a row agree within 10% (at least 1 s,
    /// at most 5 s): the JIT promotes hot code to tier 1 in the background, late on a loaded
    /// machine, and a game trains in steady state, not in its first second.
    /// </summary>
    private static void WarmUp(IBackend backend, int epochs, bool quick)
    {
        var total = Stopwatch.StartNew();
        var previous = double.MaxValue;
        while (true)
        {
            var start = total.Elapsed.TotalSeconds;
            Loop(backend, epochs, seed: 2);
            var t = total.Elapsed.TotalSeconds - start;
            if (quick || total.Elapsed.TotalSeconds > 5 || (total.Elapsed.TotalSeconds >= 1 && Math.Abs(t - previous) <= 0.1 * previous)) return;
            previous = t;
        }
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
