using Myelin.Agents.Arena;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

/// <summary>Arena settings out of range are refused with the setting and its range named, before anything is built.</summary>
public class ArenaConfigTests
{
    [TestCase(500, -1f, "foodDensity")]
    [TestCase(500, 0f, "foodDensity")]
    [TestCase(500, 1000f, "foodDensity")]
    [TestCase(500, float.NaN, "foodDensity")]
    [TestCase(0, 0.008f, "agents")]
    [TestCase(-5, 0.008f, "agents")]
    [TestCase(100_001, 0.008f, "agents")]
    public void ForAgentsRefusesOutOfRange(int agents, float density, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ArenaConfig.ForAgents(agents, density));
        Assert.That(e!.ParamName, Is.EqualTo(parameter));
        Assert.That(e.Message, Does.Contain(".."), "the range is named");
    }

    [Test]
    public void ForAgentsAtTheLimitsMakesAFiniteArena()
    {
        foreach (var config in new[] { ArenaConfig.ForAgents(1, ArenaConfig.MinFoodDensity), ArenaConfig.ForAgents(ArenaConfig.MaxAgents, ArenaConfig.MinFoodDensity), ArenaConfig.ForAgents(1, ArenaConfig.MaxFoodDensity) })
            Assert.DoesNotThrow(config.Validate, config.ToString());
    }

    [TestCase("Size")]
    [TestCase("Agents")]
    [TestCase("Food")]
    [TestCase("Rays")]
    [TestCase("FoodRadius")]
    public void TheSimulationRefusesASettingOutOfRange(string setting)
    {
        var good = new ArenaConfig { Agents = 20, Food = 100, Hazards = 2, Size = 60f };
        var bad = setting switch
        {
            "Size" => good with { Size = float.NaN },
            "Agents" => good with { Agents = 0 },
            "Food" => good with { Food = -1 },
            "Rays" => good with { Rays = 0 },
            _ => good with { FoodRadius = float.PositiveInfinity },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ArenaSimulation(bad));
        Assert.That(e!.ParamName, Is.EqualTo(setting));
        Assert.That(e.Message, Does.Contain($"{setting} must be"));
    }
}
