using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

public class ArenaLearningTests
{
    // Food-rich (20 pellets per creature) so reward measures skill, not competition for scarce food.
    private static readonly ArenaConfig Small = new() { Agents = 200, Food = 4000, Hazards = 24, Size = 200f };
    private const int Frames = 600;
    private const int Window = 200;

    private static float MeanRewardOfLastWindow(bool learning)
    {
        using var sim = new ArenaSimulation(Small, seed: 7, learning: learning, budget: TrainingBudget.FixedSteps(2, 128));
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
