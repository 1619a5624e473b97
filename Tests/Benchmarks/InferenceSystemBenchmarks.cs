using BenchmarkDotNet.Attributes;
using Myelin.Agents;
using Myelin.Agents.Components;
using Myelin.Agents.Systems;
using Myelin.Ecs;
using Myelin.Nn;
using Myelin.Training;

namespace Myelin.Benchmarks;

/// <summary>
/// One frame of batched inference for N agents sharing the W4 agent MLP (16-64 tanh-64 tanh-4):
/// gather observations from the ECS, one forward pass, scatter outputs. Target: 10,000 agents ≤ 2 ms.
/// </summary>
[MemoryDiagnoser]
public class InferenceSystemBenchmarks
{
    private World _world = null!;
    private InferenceSystem _system = null!;

    /// <summary>Agents sharing the model.</summary>
    [Params(1_000, 10_000)]
    public int Agents { get; set; }

    /// <summary>Builds the world once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _world = new World();
        var model = new Model(new Sequential(new Dense(16, 64), new Tanh(), new Dense(64, 64), new Tanh(), new Dense(64, 4)), new Shape(16), seed: 1);
        var m = ModelEntities.Create(_world, model);
        var rng = new Rng(2);
        for (var i = 0; i < Agents; i++)
        {
            var o = new Observation(16);
            Span<float> v = o.Values;
            for (var j = 0; j < 16; j++) v[j] = rng.Uniform(-1f, 1f);
            _world.Create(new Brain(m), o, new PolicyOutput());
        }
        _system = new InferenceSystem(_world);
        _system.Update(0f);
    }

    /// <summary>One frame.</summary>
    [Benchmark]
    public void Frame() => _system.Update(0f);
}
