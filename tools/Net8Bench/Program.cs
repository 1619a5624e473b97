// Median and best of the W2-shape training epoch, a 10,000-agent policy inference and a 512³ GEMM on the CPU backend.
using System.Diagnostics;
using Myelin;
using Myelin.Backends;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;

Console.WriteLine($"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores");
var rng = new Rng(1);
float[] Random(int n) { var a = new float[n]; for (var i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1f, 1f); return a; }

// W2 shape: MLP 784-128(ReLU)-10, softmax cross-entropy, Adam 1e-3, batch 64, 125 steps an epoch (synthetic data).
var model = new Model(new Sequential(new Dense(784, 128), new Relu(), new Dense(128, 10)), new Shape(784), seed: 1)
    .Compile(p => new Adam(p, 1e-3f), new SoftmaxCrossEntropy());
var x = Tensor.Zeros(new Shape(64, 784), model.Backend); x.CopyFrom(Random(64 * 784));
var labels = new float[64]; for (var i = 0; i < 64; i++) labels[i] = rng.NextInt(10);
var y = Tensor.Zeros(new Shape(64), model.Backend); y.CopyFrom(labels);
var epochs = new List<double>();
for (var e = 0; e < 12; e++)
{
    var t = Stopwatch.GetTimestamp();
    for (var s = 0; s < 125; s++) model.TrainStep(x, y);
    if (e >= 3) epochs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
epochs.Sort();
Console.WriteLine($"W2-shape epoch (125 steps): median {epochs[epochs.Count / 2]:F1} ms, min {epochs[0]:F1} ms");

// Agent inference: 16-64-64-4 tanh over 10,000 rows (FMA, tanh's min/max clamp, masked tails).
var policy = new Model(new Sequential(new Dense(16, 64), new Tanh(), new Dense(64, 64), new Tanh(), new Dense(64, 4)), new Shape(16), seed: 1);
var obs = Tensor.Zeros(new Shape(10_000, 16), policy.Backend); obs.CopyFrom(Random(160_000));
var infer = new List<double>();
for (var r = 0; r < 60; r++)
{
    var t = Stopwatch.GetTimestamp();
    policy.Predict(obs);
    if (r >= 20) infer.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
infer.Sort();
Console.WriteLine($"policy inference 10,000 agents: median {infer[infer.Count / 2]:F2} ms, min {infer[0]:F2} ms");

// GEMM 512x512x512.
var a = Tensor.Zeros(new Shape(512, 512), CpuBackend.Instance); a.CopyFrom(Random(512 * 512));
var b = Tensor.Zeros(new Shape(512, 512), CpuBackend.Instance); b.CopyFrom(Random(512 * 512));
var c = Tensor.Zeros(new Shape(512, 512), CpuBackend.Instance);
var gemm = new List<double>();
for (var r = 0; r < 60; r++)
{
    var t = Stopwatch.GetTimestamp();
    CpuBackend.Instance.MatMul(a, b, c, false, false, 1f, 0f);
    if (r >= 20) gemm.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
}
gemm.Sort();
Console.WriteLine($"GEMM 512^3: median {gemm[gemm.Count / 2]:F2} ms = {2.0 * 512 * 512 * 512 / gemm[gemm.Count / 2] / 1e6:F0} GFLOP/s");
