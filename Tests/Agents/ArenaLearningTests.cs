using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

public class ArenaLearningTests
{
    // Sparse food (0.008 per unit²) but 20 pellets per creature: seeking pays, competition does not decide.
    private static readonly ArenaConfig Small = ArenaConfig.ForAgents(150);
    private const int Frames = 500;
    private const int Window = 150;

    private static float MeanRewardOfLastWindow(bool learning)
    {
        using var sim = new ArenaSimulation(Small, seed: 1, learning: learning, budget: TrainingBudget.FixedSteps(4, 128));
        double sum = 0;
        for (var f = 0; f < Frames; f++)
        {
            sim.Step();
            if (f >= Frames - Window) sum += sim.MeanRewardLastFrame;
        }
        return (float)(sum / Window);
    }

    [Test]
    public void SharedPolicyLearnsToForage_RewardAtLeastThreeTimesUntrained()
    {
        var untrained = MeanRewardOfLastWindow(learning: false);
        var trained = MeanRewardOfLastWindow(learning: true);
        TestContext.Out.WriteLine($"mean reward per agent per frame: untrained {untrained:F5}, trained {trained:F5}");
        Assert.That(untrained, Is.GreaterThan(0f), "the baseline must be positive for a ratio to mean anything");
        Assert.That(trained, Is.GreaterThanOrEqualTo(3f * untrained));
    }
}
