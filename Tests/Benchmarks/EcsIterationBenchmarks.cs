using BenchmarkDotNet.Attributes;
using Myelin.Ecs;

namespace Myelin.Benchmarks;

public record struct BenchPosition(float X, float Y, float Z);

public record struct BenchVelocity(float X, float Y, float Z);

// Position += Velocity * dt over 1M entities: plain arrays (baseline) vs ECS query callback vs chunk spans.
[MemoryDiagnoser]
public class EcsIterationBenchmarks
{
    private const int Count = 1_000_000;
    private const float Dt = 1f / 60f;
    private static readonly QueryDescription Moving = new QueryDescription().WithAll<BenchPosition, BenchVelocity>();

    private BenchPosition[] _positions = [];
    private BenchVelocity[] _velocities = [];
    private World _world = null!;

    /// <summary>Chunk size of the ECS world; larger chunks mean fewer, longer inner loops.</summary>
    [Params(16 * 1024, 128 * 1024)]
    public int ChunkBytes { get; set; }

    private struct Integrate : IForEach<BenchPosition, BenchVelocity>
    {
        public float Dt;

        public readonly void Update(ref BenchPosition p, ref BenchVelocity v)
        {
            p.X += v.X * Dt;
            p.Y += v.Y * Dt;
            p.Z += v.Z * Dt;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _positions = new BenchPosition[Count];
        _velocities = new BenchVelocity[Count];
        _world = new World(chunkBytes: ChunkBytes);
        for (int i = 0; i < Count; i++)
        {
            var v = new BenchVelocity(i % 7, i % 5, i % 3);
            _velocities[i] = v;
            _world.Create(new BenchPosition(), v);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(Baseline = true)]
    public void PlainArrays()
    {
        BenchPosition[] positions = _positions;
        BenchVelocity[] velocities = _velocities;
        for (int i = 0; i < positions.Length; i++)
        {
            ref BenchPosition p = ref positions[i];
            BenchVelocity v = velocities[i];
            p.X += v.X * Dt;
            p.Y += v.Y * Dt;
            p.Z += v.Z * Dt;
        }
    }

    [Benchmark]
    public void EcsQueryStructCallback()
    {
        var integrate = new Integrate { Dt = Dt };
        _world.Query<Integrate, BenchPosition, BenchVelocity>(in Moving, ref integrate);
    }

    [Benchmark]
    public void EcsChunkSpans()
    {
        foreach (Chunk chunk in _world.GetChunks(in Moving))
        {
            Span<BenchPosition> positions = chunk.GetSpan<BenchPosition>();
            Span<BenchVelocity> velocities = chunk.GetSpan<BenchVelocity>();
            for (int i = 0; i < positions.Length; i++)
            {
                ref BenchPosition p = ref positions[i];
                BenchVelocity v = velocities[i];
                p.X += v.X * Dt;
                p.Y += v.Y * Dt;
                p.Z += v.Z * Dt;
            }
        }
    }

    [Benchmark]
    public void EcsParallelQuery()
    {
        var integrate = new Integrate { Dt = Dt };
        _world.ParallelQuery<Integrate, BenchPosition, BenchVelocity>(in Moving, ref integrate);
    }
}
