using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using NUnit.Framework;

namespace Myelin.Tests.Agents;

[Explicit]
public class ArenaProbe
{
    [Test]
    public void Probe()
    {
        var cfg = new ArenaConfig { Agents = 200, Food = 4000, Hazards = 24, Size = 200f };
        foreach (var mode in new[] { "learn" })
        {
            using var sim = new ArenaSimulation(cfg, 7, learning: mode == "learn", budget: TrainingBudget.FixedSteps(2, 128));
            sim.FollowTeacher = mode == "teacher";
            double sum = 0; var acts = new int[4];
            var tq = new Myelin.Ecs.QueryDescription().WithAll<Target>(); int hits = 0, eaten = 0;
            for (var f = 0; f < 600; f++)
            {
                sim.Step();
                foreach (var ch in sim.World.GetChunks(tq)) foreach (var t in ch.GetSpan<Target>()) if (t.Label >= 0) acts[t.Label]++;
                if (f >= 300) { sum += sim.MeanRewardLastFrame; hits += sim.HitsLastFrame; eaten += sim.EatenLastFrame; }
                if (f % 150 == 0) TestContext.Out.WriteLine($"{mode} f{f} loss {sim.TrainingStats.SmoothedLoss:F3} steps {sim.TrainingStats.Steps} eaten {sim.EatenLastFrame} hits {sim.HitsLastFrame} food {sim.Field.FoodCount} ms {sim.FrameMilliseconds:F1}");
            }
            var cells = new HashSet<int>();
            var cq = new Myelin.Ecs.QueryDescription().WithAll<Creature>();
            foreach (var ch in sim.World.GetChunks(cq)) foreach (var c in ch.GetSpan<Creature>()) cells.Add((int)(c.X / 8) * 100 + (int)(c.Y / 8));
            TestContext.Out.WriteLine($"{mode}: acts {string.Join(",", acts)} cells {cells.Count} mean {sum / 300:F5} eaten {eaten} hits {hits}");
        }
    }
}
