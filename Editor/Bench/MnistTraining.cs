using System.Diagnostics;
using Myelin.Backends;
using Myelin.Data;
using Myelin.Training;

namespace Myelin.Editor.Bench;

/// <summary>The W2/W3 training loop: epochs of Adam steps over batches of 64, each epoch's batch loop timed.</summary>
internal static class MnistTraining
{
    public const int BatchSize = 64;

    /// <summary>Epoch times, test accuracy after the epochs in <paramref name="evaluateAfter"/>, and bytes per step after epoch 1.</summary>
    public static (List<double> EpochSeconds, Dictionary<int, double> Accuracy, double BytesPerStep) Train(
        Model model, Dataset train, Dataset test, int epochs, IReadOnlySet<int> evaluateAfter, IBackend backend, TextWriter? log, string name)
    {
        var loader = new DataLoader(train, BatchSize, seed: 1, dropLast: false, backend: backend);
        var times = new List<double>();
        var accuracy = new Dictionary<int, double>();
        long bytes = 0, steps = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            loader.StartEpoch();
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp(); // not StartNew: a Stopwatch object would be the only allocation in the window
            var n = 0;
            while (loader.Next()) { model.TrainStep(loader.X, loader.Y); n++; }
            BenchBackends.Synchronize(backend); // the last step's backward and update may still be queued
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (epoch > 1) { bytes += GC.GetAllocatedBytesForCurrentThread() - bytesBefore; steps += n; }
            times.Add(elapsed);
            if (evaluateAfter.Contains(epoch)) accuracy[epoch] = model.Evaluate(test).Accuracy;
            log?.WriteLine($"  {name} epoch {epoch}: {times[^1]:F3} s, loss {model.LastLoss:F4}{(accuracy.TryGetValue(epoch, out var a) ? $", test acc {a:F4}" : "")}");
        }
        return (times, accuracy, steps == 0 ? double.NaN : (double)bytes / steps);
    }

    /// <summary>MNIST (or synthetic data of its shape in quick runs).</summary>
    public static (Dataset Train, Dataset Test) Data(BenchOptions o, Shape sampleShape) =>
        o.Quick ? MnistSource.Synthetic(sampleShape, 256, 128) : MnistSource.Load(sampleShape, o.Log);
}
