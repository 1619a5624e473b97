using Myelin.Agents.Arena;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

/// <summary>Food placement: the same spots as checking every creature, a cost that does not grow with the creatures, and an end even when no spot is free.</summary>
public class FoodPlacerTests
{
    private static Creature[] Creatures(int count, float size, ulong seed)
    {
        var rng = new Rng(seed);
        var bodies = new Creature[count];
        for (var i = 0; i < count; i++) bodies[i] = new Creature(rng.Uniform(0f, size), rng.Uniform(0f, size), 0f);
        return bodies;
    }

    [Test]
    public void PlacesTheSameSpotsAsCheckingEveryCreature()
    {
        var config = new ArenaConfig { Agents = 80, Food = 500, Size = 100f };
        var bodies = Creatures(config.Agents, config.Size, seed: 5);
        var placer = new FoodPlacer(config, bodies);
        var rng = new Rng(9);
        var reference = new Rng(9);
        // The exhaustive check: a candidate is rejected while any creature is within 3.5 units on both axes.
        const float clear = 1.5f + 1f + 1f;
        for (var i = 0; i < config.Food; i++)
        {
            float x, y;
            do { x = reference.Uniform(0f, config.Size); y = reference.Uniform(0f, config.Size); }
            while (bodies.Any(c => MathF.Abs(c.X - x) < clear && MathF.Abs(c.Y - y) < clear));
            Assert.That(placer.Next(rng), Is.EqualTo(new FoodPellet(x, y)), $"pellet {i}");
        }
        Assert.That(placer.Crowded, Is.Zero);
    }

    [Test]
    public void FiftyThousandCreaturesCostLessThanOneCheckPerPellet()
    {
        // Checking every creature cost 50,000 tests per candidate: a million pellets took minutes.
        var config = ArenaConfig.ForAgents(50_000);
        var placer = new FoodPlacer(config, Creatures(config.Agents, config.Size, seed: 1));
        var rng = new Rng(2);
        for (var i = 0; i < config.Food; i++) placer.Next(rng);
        TestContext.Out.WriteLine($"{config.Food} pellets: {placer.Attempts} candidates, {placer.Checks} creature checks");
        Assert.That(placer.Checks, Is.LessThan(config.Food), "creature checks");
        Assert.That(placer.Attempts, Is.LessThan(config.Food * 11L / 10), "candidates: about 1 in 50 lands near a creature");
        Assert.That(placer.Crowded, Is.Zero);
    }

    [Test]
    public void AnArenaTheCreaturesCoverStillGetsItsFood()
    {
        // 400 creatures, each keeping food out of a 7x7 square, cover a 20x20 arena: no spot is free.
        var config = new ArenaConfig { Agents = 400, Food = 50, Hazards = 1, Size = 20f };
        using var sim = new ArenaSimulation(config, seed: 4);
        sim.Step();
        Assert.That(sim.Field.FoodCount, Is.EqualTo(50));
        var placer = new FoodPlacer(config, Creatures(config.Agents, config.Size, seed: 3));
        for (var i = 0; i < config.Food; i++) placer.Next(new Rng((ulong)i));
        Assert.That(placer.Attempts, Is.EqualTo(config.Food * (long)FoodPlacer.MaxAttempts));
        Assert.That(placer.Crowded, Is.EqualTo(config.Food));
    }
}
