using Myelin.Agents;
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

/// <summary>The library systems that read Target, Brain.Learning and Reward, and the batch-size check.</summary>
public class LibraryAgentSystemsTests
{
    private static Model Mlp() =>
        new Model(new Sequential(new Dense(2, 4), new Tanh(), new Dense(4, 3)), new Shape(2), 1)
            .Compile(p => new Adam(p, 1e-3f), new SoftmaxCrossEntropy());

    private static Entity Agent(World world, Entity model, bool learning, float a, float b, int label, float reward = 0f)
    {
        var o = new Observation(2);
        o.Values[0] = a;
        o.Values[1] = b;
        var e = world.Create(new Brain(model, learning), o, new Target(label));
        world.Add(e, new Reward(reward, reward));
        return e;
    }

    [Test]
    public void TargetReplay_RecordsLearningAgentsWithALabel_Only()
    {
        var world = new World();
        var replay = new ReplayBuffer(16, 2, 1, maxBatch: 8);
        var model = ModelEntities.Create(world, Mlp(), replay, new TrainingBudget(BatchSize: 4));
        Agent(world, model, learning: true, 0.25f, -0.5f, label: 2);
        Agent(world, model, learning: false, 9f, 9f, label: 1);
        Agent(world, model, learning: true, 7f, 7f, label: -1);
        new TargetReplaySystem(world) { Stride = 1 }.Update(0f);

        Assert.That(replay.Count, Is.EqualTo(1), "only the learning agent with a label is recorded");
        var x = Tensor.Zeros(new Shape(4, 2));
        var y = Tensor.Zeros(new Shape(4));
        replay.Sample(new Rng(1), 4, x, y);
        Assert.That(x.ToArray(), Is.EqualTo(new[] { 0.25f, -0.5f, 0.25f, -0.5f, 0.25f, -0.5f, 0.25f, -0.5f }));
        Assert.That(y.ToArray(), Is.EqualTo(new[] { 2f, 2f, 2f, 2f }));
    }

    [Test]
    public void TargetReplay_WithStride_RecordsEachAgentOncePerStrideFrames()
    {
        var world = new World();
        var replay = new ReplayBuffer(64, 2, 1, maxBatch: 8);
        var model = ModelEntities.Create(world, Mlp(), replay, new TrainingBudget(BatchSize: 4));
        for (var i = 0; i < 6; i++) Agent(world, model, learning: true, i, i, label: i % 3);
        var system = new TargetReplaySystem(world) { Stride = 3 };
        system.Update(0f);
        Assert.That(replay.Count, Is.EqualTo(2));
        system.Update(0f);
        system.Update(0f);
        Assert.That(replay.Count, Is.EqualTo(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TargetReplaySystem(world) { Stride = 0 });
    }

    [Test]
    public void RewardStats_SumsEachModelsAgents()
    {
        var world = new World();
        var first = ModelEntities.Create(world, Mlp());
        var second = ModelEntities.Create(world, Mlp());
        Agent(world, first, true, 0f, 0f, -1, reward: 1f);
        Agent(world, first, false, 0f, 0f, -1, reward: -0.25f);
        Agent(world, second, true, 0f, 0f, -1, reward: 0.5f);
        var system = new RewardStatsSystem(world);
        system.Update(0f);
        system.Update(0f);
        Assert.That((world.Get<TrainingStats>(first).RewardLastFrame, world.Get<TrainingStats>(first).AgentsLastFrame), Is.EqualTo((0.75f, 2)));
        Assert.That((world.Get<TrainingStats>(second).RewardLastFrame, world.Get<TrainingStats>(second).AgentsLastFrame), Is.EqualTo((0.5f, 1)));
    }

    [Test]
    public void BatchSizeAboveTheBuffersMaxBatch_IsRejectedWithBothNumbers()
    {
        var world = new World();
        var replay = new ReplayBuffer(512, 2, 1, maxBatch: 64);
        var e = Assert.Throws<ArgumentException>(() => ModelEntities.Create(world, Mlp(), replay, new TrainingBudget(BatchSize: 128)))!;
        Assert.That(e.Message, Does.Contain("BatchSize is 128").And.Contain("1..64").And.Contain("maxBatch: 128"));

        // A budget raised later is caught by the training system before it samples.
        var model = ModelEntities.Create(world, Mlp(), replay, TrainingBudget.FixedSteps(1, batchSize: 64));
        for (var i = 0; i < 4; i++) replay.Add([i, i], 0f);
        var training = new TrainingSystem(world) { MinimumSamples = 1 };
        training.Update(0f);
        Assert.That(world.Get<TrainingStats>(model).Steps, Is.EqualTo(1));
        world.Get<NeuralModel>(model).Budget = TrainingBudget.FixedSteps(1, batchSize: 65);
        Assert.That(Assert.Throws<ArgumentException>(() => training.Update(0f))!.Message, Does.Contain("BatchSize is 65"));
    }
}
