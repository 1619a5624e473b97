using Myelin.Agents;
using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using Myelin.Agents.Learning;
using Myelin.Agents.Systems;
using Myelin.Ecs;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

public class AgentSystemsTests
{
    private static Model AgentMlp(ulong seed, int inputs = 16, int outputs = 4) =>
        new Model(new Sequential(new Dense(inputs, 64), new Tanh(), new Dense(64, 64), new Tanh(), new Dense(64, outputs)), new Shape(inputs), seed)
            .Compile(p => new Adam(p, 1e-3f), new SoftmaxCrossEntropy());

    private static Observation Obs(Rng rng, int n)
    {
        var o = new Observation(n);
        Span<float> v = o.Values;
        for (var i = 0; i < n; i++) v[i] = rng.Uniform(-1f, 1f);
        return o;
    }

    [Test]
    public void InferenceBatchesEachModelAndScattersTheSameAnswersAsPredict()
    {
        var world = new World();
        var a = AgentMlp(1);
        var b = AgentMlp(2, inputs: 8, outputs: 3);
        var ma = ModelEntities.Create(world, a);
        var mb = ModelEntities.Create(world, b);
        var rng = new Rng(5);
        var agents = new List<(Entity Agent, Model Model, float[] Obs)>();
        for (var i = 0; i < 150; i++)
        {
            var useA = i % 3 != 0;
            var o = Obs(rng, useA ? 16 : 8);
            var e = world.Create(new Brain(useA ? ma : mb), o, new PolicyOutput());
            agents.Add((e, useA ? a : b, ((ReadOnlySpan<float>)o.Values)[..o.Length].ToArray()));
        }
        var system = new InferenceSystem(world);
        system.Update(0f);
        Assert.That(system.BatchesLastFrame, Is.EqualTo(2), "one forward pass per model");
        Assert.That(system.AgentsLastFrame, Is.EqualTo(150));
        var expected = new float[4];
        foreach (var (agent, model, obs) in agents)
        {
            model.Predict(obs, expected);
            ref var output = ref world.Get<PolicyOutput>(agent);
            var outputs = model == a ? 4 : 3;
            Assert.That(output.Length, Is.EqualTo(outputs));
            ReadOnlySpan<float> got = output.Values;
            for (var j = 0; j < outputs; j++) Assert.That(got[j], Is.EqualTo(expected[j]).Within(1e-5f), $"{agent} output {j}");
            var best = 0;
            for (var j = 1; j < outputs; j++) if (expected[j] > expected[best]) best = j;
            Assert.That(output.Choice, Is.EqualTo(best));
        }
    }

    [Test]
    public void ObservationWidthMismatchNamesTheAgent()
    {
        var world = new World();
        var m = ModelEntities.Create(world, AgentMlp(1));
        var bad = world.Create(new Brain(m), new Observation(5), new PolicyOutput());
        var e = Assert.Throws<InvalidOperationException>(() => new InferenceSystem(world).Update(0f))!;
        Assert.That(e.Message, Does.Contain(bad.ToString()).And.Contain("5").And.Contain("16"));
    }

    [Test]
    public void TrainingSystemRunsTheFixedStepsAndRecordsStats()
    {
        var world = new World();
        var replay = new ReplayBuffer(1000, 16, 1);
        var rng = new Rng(3);
        for (var i = 0; i < 600; i++)
        {
            var o = Obs(rng, 16);
            ReadOnlySpan<float> v = o.Values;
            replay.Add(v[..16], v[0] > 0 ? 1f : 0f); // learnable rule: sign of the first input
        }
        var m = ModelEntities.Create(world, AgentMlp(4), replay, TrainingBudget.FixedSteps(5, 64), seed: 9);
        var system = new TrainingSystem(world) { MinimumSamples = 100 };
        system.Update(0f);
        var first = world.Get<TrainingStats>(m);
        Assert.That(first.StepsLastFrame, Is.EqualTo(5));
        for (var f = 0; f < 60; f++) system.Update(0f);
        var last = world.Get<TrainingStats>(m);
        Assert.That(last.Steps, Is.EqualTo(5 * 61));
        Assert.That(last.SmoothedLoss, Is.LessThan(first.Loss * 0.5f), "the model learns from its replay buffer");
    }

    [Test]
    public void TrainingSystemStopsWhenTheTimeBudgetIsSpent()
    {
        var world = new World();
        var replay = new ReplayBuffer(1000, 16, 1);
        var rng = new Rng(3);
        for (var i = 0; i < 300; i++)
        {
            var o = Obs(rng, 16);
            replay.Add(((ReadOnlySpan<float>)o.Values)[..16], 1f);
        }
        var m = ModelEntities.Create(world, AgentMlp(4), replay, new TrainingBudget(Milliseconds: 0.0, MaxSteps: 1000, BatchSize: 64));
        new TrainingSystem(world) { MinimumSamples = 100 }.Update(0f);
        Assert.That(world.Get<TrainingStats>(m).StepsLastFrame, Is.EqualTo(1), "a spent budget yields after the step in flight");
    }

    [Test]
    public void DestroyingAModelEntityRemovesItAndReleasesItsTensors()
    {
        var world = new World();
        var model = AgentMlp(1);
        var m = ModelEntities.Create(world, model);
        ModelEntities.Destroy(world, m);
        Assert.That(world.IsAlive(m), Is.False);
        Assert.That(world.CountEntities(new QueryDescription().WithAll<NeuralModel>()), Is.EqualTo(0));
    }

    [Test]
    public void ArenaFramesAllocateNothingAfterWarmUp()
    {
        using var sim = new ArenaSimulation(new ArenaConfig { Agents = 300, Food = 3000, Hazards = 20, Size = 180f }, seed: 3,
            budget: TrainingBudget.FixedSteps(2, 128));
        for (var f = 0; f < 200; f++) sim.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 0; f < 50; f++) sim.Step();
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 50.0;
        Assert.That(perFrame, Is.EqualTo(0), $"{perFrame} bytes per frame");
    }

    [Test]
    public void ArenaRunsAreDeterministicForASeed()
    {
        static (float, long) Run()
        {
            using var sim = new ArenaSimulation(new ArenaConfig { Agents = 60, Food = 800, Hazards = 8, Size = 100f }, seed: 11,
                budget: TrainingBudget.FixedSteps(1, 64));
            float total = 0;
            for (var f = 0; f < 150; f++) { sim.Step(); total += sim.MeanRewardLastFrame; }
            return (total, sim.TrainingStats.Steps);
        }
        Assert.That(Run(), Is.EqualTo(Run()));
    }
}
