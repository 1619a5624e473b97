using BenchmarkDotNet.Attributes;
using Myelin.Backends;

namespace Myelin.Benchmarks;

/// <summary>W5: square matmul c = a·b; GFLOP/s = 2n³ / mean time.</summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private Tensor _a = null!, _b = null!, _c = null!;

    /// <summary>Matrix size.</summary>
    [Params(256, 512, 1024, 2048)]
    public int N { get; set; }

    /// <summary>Threads the backend may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CpuBackend.MaxThreads = Threads;
        var rng = new Rng(1);
        _a = Tensor.RandomUniform(new Shape(N, N), rng, -1, 1, CpuBackend.Instance);
        _b = Tensor.RandomUniform(new Shape(N, N), rng, -1, 1, CpuBackend.Instance);
        _c = Tensor.Zeros(new Shape(N, N), CpuBackend.Instance);
    }

    [Benchmark]
    public void MatMul() => CpuBackend.Instance.MatMul(_a, _b, _c, false, false, 1f, 0f);
}

/// <summary>W4: agent MLP 16-64(tanh)-64(tanh)-4 forward into preallocated tensors.</summary>
[MemoryDiagnoser]
public class DenseBenchmarks
{
    private Tensor _x = null!, _w1 = null!, _b1 = null!, _h1 = null!, _w2 = null!, _b2 = null!, _h2 = null!, _w3 = null!, _b3 = null!, _y = null!;

    /// <summary>Rows per call.</summary>
    [Params(1, 64, 4096)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CpuBackend.MaxThreads = Environment.ProcessorCount;
        var cpu = CpuBackend.Instance;
        var rng = new Rng(2);
        _x = Tensor.RandomUniform(new Shape(Batch, 16), rng, -1, 1, cpu);
        _w1 = Tensor.RandomNormal(new Shape(16, 64), rng, 0, 0.25f, cpu); _b1 = Tensor.Zeros(new Shape(64), cpu);
        _w2 = Tensor.RandomNormal(new Shape(64, 64), rng, 0, 0.125f, cpu); _b2 = Tensor.Zeros(new Shape(64), cpu);
        _w3 = Tensor.RandomNormal(new Shape(64, 4), rng, 0, 0.125f, cpu); _b3 = Tensor.Zeros(new Shape(4), cpu);
        _h1 = Tensor.Zeros(new Shape(Batch, 64), cpu); _h2 = Tensor.Zeros(new Shape(Batch, 64), cpu);
        _y = Tensor.Zeros(new Shape(Batch, 4), cpu);
    }

    [Benchmark]
    public void Mlp()
    {
        var cpu = CpuBackend.Instance;
        cpu.Dense(_x, _w1, _b1, _h1, UnaryKind.Tanh, 0f);
        cpu.Dense(_h1, _w2, _b2, _h2, UnaryKind.Tanh, 0f);
        cpu.Dense(_h2, _w3, _b3, _y, UnaryKind.Identity, 0f);
    }
}

/// <summary>
/// W3's convolutions at MNIST batch 64 (conv1: 1→8 channels at 28×28, conv2: 8→16 at 14×14, 3×3, padding
/// 1) through the primitives a training step calls, beside the im2col + matmul the default runs.
/// </summary>
[MemoryDiagnoser]
public class ConvBenchmarks
{
    private Conv2DGeometry _g;
    private readonly Conv2DWorkspace _workspace = new();
    private Tensor _x = null!, _w = null!, _b = null!, _y = null!, _dy = null!, _dx = null!, _dw = null!, _db = null!;
    private Tensor _cols = null!, _w2 = null!, _yT = null!;

    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "conv1";

    [GlobalSetup]
    public void Setup()
    {
        var cpu = CpuBackend.Instance;
        var rng = new Rng(3);
        var (c, o, size) = Layer == "conv1" ? (1, 8, 28) : (8, 16, 14);
        _g = new Conv2DGeometry(64, c, size, size, 3, 3, 1, 1, 1, 1);
        _x = Tensor.RandomUniform(new Shape(64, c, size, size), rng, 0, 1, cpu);
        _w = Tensor.RandomNormal(new Shape(o, c, 3, 3), rng, 0, 0.3f, cpu);
        _b = Tensor.Zeros(new Shape(o), cpu);
        _y = Tensor.Zeros(new Shape(64, o, size, size), cpu);
        _dy = Tensor.RandomNormal(_y.Shape, rng, 0, 1, cpu);
        _dx = Tensor.Zeros(_x.Shape, cpu);
        _dw = Tensor.Zeros(_w.Shape, cpu);
        _db = Tensor.Zeros(_b.Shape, cpu);
        _cols = Tensor.Zeros(new Shape(_g.PatchSize, _g.PatchCount), cpu);
        _w2 = Tensor.RandomNormal(new Shape(o, _g.PatchSize), rng, 0, 0.3f, cpu);
        _yT = Tensor.Zeros(new Shape(o, _g.PatchCount), cpu);
        cpu.Conv2DForward(_x, _w, _b, _y, _workspace, _g); // the padded x the weight gradient reads
    }

    [Benchmark]
    public void Forward() => CpuBackend.Instance.Conv2DForward(_x, _w, _b, _y, _workspace, _g);

    [Benchmark]
    public void BackwardInput() => CpuBackend.Instance.Conv2DBackwardInput(_dy, _w, _dx, _workspace, _g, overwrite: true);

    [Benchmark]
    public void BackwardWeights() => CpuBackend.Instance.Conv2DBackwardWeights(_dy, _dw, 0f, _db, 0f, _workspace, _g);

    /// <summary>The default forward's core (without its permute and bias): im2col, one matmul.</summary>
    [Benchmark(Baseline = true)]
    public void Im2ColMatMul()
    {
        CpuBackend.Instance.Im2Col(_x, _cols, _g);
        CpuBackend.Instance.MatMul(_w2, _cols, _yT, false, false, 1f, 0f);
    }
}

/// <summary>Row ops and the optimizer step of W2 (batch 64, 10 classes; 784·128 weights).</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Tensor _logits = null!, _labels = null!, _probs = null!, _loss = null!;
    private Tensor _p = null!, _g = null!, _m = null!, _v = null!;
    private int _step;

    [GlobalSetup]
    public void Setup()
    {
        var cpu = CpuBackend.Instance;
        var rng = new Rng(4);
        _logits = Tensor.RandomNormal(new Shape(64, 10), rng, 0, 3, cpu);
        _labels = Tensor.Zeros(new Shape(64), cpu);
        for (var i = 0; i < 64; i++) _labels.Span[i] = i % 10;
        _probs = Tensor.Zeros(new Shape(64, 10), cpu);
        _loss = Tensor.Zeros(new Shape(64), cpu);
        _p = Tensor.RandomNormal(new Shape(784 * 128), rng, 0, 0.05f, cpu);
        _g = Tensor.RandomNormal(new Shape(784 * 128), rng, 0, 0.01f, cpu);
        _m = Tensor.Zeros(new Shape(784 * 128), cpu);
        _v = Tensor.Zeros(new Shape(784 * 128), cpu);
    }

    [Benchmark]
    public void SoftmaxCrossEntropy() => CpuBackend.Instance.SoftmaxCrossEntropy(_logits, _labels, _probs, _loss);

    [Benchmark]
    public void AdamStep() => CpuBackend.Instance.AdamUpdate(_p, _g, _m, _v,
        new OptimizerHyper { LearningRate = 1e-3f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, Step = ++_step });
}
