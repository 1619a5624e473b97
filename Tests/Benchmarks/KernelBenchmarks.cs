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

/// <summary>W3's first convolution as im2col + matmul, MNIST batch 64.</summary>
[MemoryDiagnoser]
public class ConvBenchmarks
{
    private readonly Conv2DGeometry _g = new(64, 1, 28, 28, 3, 3, 1, 1, 1, 1);
    private Tensor _x = null!, _cols = null!, _w = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var cpu = CpuBackend.Instance;
        var rng = new Rng(3);
        _x = Tensor.RandomUniform(new Shape(64, 1, 28, 28), rng, 0, 1, cpu);
        _cols = Tensor.Zeros(new Shape(_g.PatchSize, _g.PatchCount), cpu);
        _w = Tensor.RandomNormal(new Shape(8, _g.PatchSize), rng, 0, 0.3f, cpu);
        _y = Tensor.Zeros(new Shape(8, _g.PatchCount), cpu);
    }

    [Benchmark]
    public void Im2ColMatMul()
    {
        CpuBackend.Instance.Im2Col(_x, _cols, _g);
        CpuBackend.Instance.MatMul(_w, _cols, _y, false, false, 1f, 0f);
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
