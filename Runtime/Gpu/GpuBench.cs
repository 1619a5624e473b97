using System.Diagnostics;
using System.Globalization;
using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin.Gpu;

/// <summary>
/// Throughput of the ILGPU backend's hot kernels on the device it runs on: matmul GFLOP/s per size
/// and transpose, element-wise bandwidth, and one MLP training step. Each case warms up (compiles
/// nothing: kernels load at start-up) and then times whole batches between two Synchronize calls.
/// </summary>
public static class GpuBench
{
    /// <summary>Runs the cases, prints a table to <paramref name="log"/> and returns CSV lines (name,value,unit).</summary>
    public static IReadOnlyList<string> Run(IlgpuBackend backend, TextWriter log, bool small)
    {
        var csv = new List<string> { "case,value,unit" };
        void Add(string name, double value, string unit)
        {
            log.WriteLine($"{name,-40} {value,10:G4} {unit}");
            csv.Add(string.Create(CultureInfo.InvariantCulture, $"{name},{value:F3},{unit}"));
        }
        log.WriteLine($"device: {backend.DeviceName} ({backend.Name})");
        var rng = new Rng(1);
        var matmulBytes = 0.0;
        foreach (var n in small ? [64, 128] : new[] { 256, 512, 1024, 2048, 4096 })
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true) })
            {
                var a = Tensor.RandomUniform(new Shape(n, n), rng, -1, 1, backend);
                var b = Tensor.RandomUniform(new Shape(n, n), rng, -1, 1, backend);
                var c = Tensor.Zeros(new Shape(n, n), backend);
                var (seconds, bytes) = Time(backend, small ? 2 : 10, () => backend.MatMul(a, b, c, ta, tb, 1f, 0f));
                matmulBytes = Math.Max(matmulBytes, bytes);
                Add($"matmul {n}{(ta ? " Tᴬ" : "")}{(tb ? " Tᴮ" : "")}", 2.0 * n * n * n / seconds / 1e9, "GFLOP/s");
            }

        var len = small ? 1 << 12 : 1 << 24;
        var x = Tensor.RandomUniform(new Shape(len), rng, -1, 1, backend);
        var y = Tensor.Zeros(new Shape(len), backend);
        var axpby = Time(backend, small ? 2 : 20, () => backend.Axpby(0.5f, x, 0.5f, y));
        Add($"axpby {len}", 3.0 * 4 * len / axpby.Seconds / 1e9, "GB/s");
        var unary = Time(backend, small ? 2 : 20, () => backend.Unary(UnaryKind.Gelu, x, y, 0f));
        Add($"gelu {len}", 2.0 * 4 * len / unary.Seconds / 1e9, "GB/s");

        var batch = small ? 8 : 256;
        var step = Time(backend, small ? 2 : 20, MlpStep(backend, rng, batch, small ? 16 : 784, small ? 8 : 256, 10));
        Add($"mlp train step batch {batch}", step.Seconds * 1e3, "ms");

        // Managed bytes per call: the timed cases above, and what a training step does besides kernels
        // (the loss read back, a batch uploaded).
        var scalar = new float[1];
        var host = new float[small ? 64 : 64 * 784];
        var device = Tensor.Zeros(new Shape(host.Length), backend);
        Add("alloc: mlp train step", step.Bytes, "B/call");
        Add("alloc: matmul", matmulBytes, "B/call");
        Add("alloc: gelu", unary.Bytes, "B/call");
        Add("alloc: download 1 float", Time(backend, small ? 2 : 20, () => backend.Download(device, scalar)).Bytes, "B/call");
        Add($"alloc: upload {host.Length} floats", Time(backend, small ? 2 : 20, () => backend.Upload(host, device)).Bytes, "B/call");
        return csv;
    }

    // x:(B,I) -> Dense relu (I,H) -> Dense (H,K) -> softmax cross-entropy; backward and Adam on all four parameters.
    private static Action MlpStep(IBackend backend, Rng rng, int batch, int inputs, int hidden, int classes)
    {
        var x = Tensor.RandomUniform(new Shape(batch, inputs), rng, 0, 1, backend);
        var labels = Tensor.FromArray(Enumerable.Range(0, batch).Select(i => (float)(i % classes)).ToArray(), new Shape(batch), backend);
        Tensor[] p =
        [
            Tensor.RandomNormal(new Shape(inputs, hidden), rng, 0, 0.05f, backend), Tensor.Zeros(new Shape(hidden), backend),
            Tensor.RandomNormal(new Shape(hidden, classes), rng, 0, 0.05f, backend), Tensor.Zeros(new Shape(classes), backend),
        ];
        foreach (var t in p) t.RequiresGrad = true;
        var m = p.Select(t => Tensor.Zeros(t.Shape, backend)).ToArray();
        var v = p.Select(t => Tensor.Zeros(t.Shape, backend)).ToArray();
        var tape = new Tape();
        var stepNumber = 0;
        return () =>
        {
            using var scope = tape.Activate();
            foreach (var t in p) t.ZeroGrad();
            var h = Ops.Dense(x, p[0], p[1], UnaryKind.Relu);
            var logits = Ops.Dense(h, p[2], p[3]);
            var loss = Ops.Mean(Ops.SoftmaxCrossEntropy(logits, labels));
            loss.Backward();
            var hyper = new OptimizerHyper { LearningRate = 1e-3f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, Step = ++stepNumber };
            for (var i = 0; i < p.Length; i++) backend.AdamUpdate(p[i], p[i].Grad!, m[i], v[i], hyper);
        };
    }

    // Seconds and managed bytes (this thread) per call: one warm-up call, then the mean of `repeats`
    // calls between two syncs.
    private static (double Seconds, double Bytes) Time(IlgpuBackend backend, int repeats, Action body)
    {
        body();
        backend.Synchronize();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp(); // not a Stopwatch object: it would count as an allocation
        for (var i = 0; i < repeats; i++) body();
        backend.Synchronize();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds / repeats, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)repeats);
    }
}
