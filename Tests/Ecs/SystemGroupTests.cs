using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class SystemGroupTests
{
    private sealed class Recorder(World world, string name, List<string> log) : SystemBase(world)
    {
        public override void Initialize() => log.Add($"{name}.init");

        public override void BeforeUpdate(in float dt) => log.Add($"{name}.before");

        public override void Update(in float dt) => log.Add($"{name}.update({dt})");

        public override void AfterUpdate(in float dt) => log.Add($"{name}.after");

        public override void Dispose() => log.Add($"{name}.dispose");
    }

    private sealed class MoveSystem(World world) : SystemBase(world)
    {
        private static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

        private struct Step : IForEach<Position, Velocity>
        {
            public float Dt;

            public readonly void Update(ref Position p, ref Velocity v) => p.X += v.X * Dt;
        }

        public override void Update(in float dt)
        {
            var step = new Step { Dt = dt };
            World.Query<Step, Position, Velocity>(in Moving, ref step);
        }
    }

    [Test]
    public void RunsSystemsInDeclaredOrderIncludingNestedGroups()
    {
        using var world = new World();
        var log = new List<string>();
        var inner = new SystemGroup("act").Add(new Recorder(world, "b", log), new Recorder(world, "c", log));
        using var frame = new SystemGroup("frame").Add(new Recorder(world, "a", log), inner, new Recorder(world, "d", log));

        frame.Initialize();
        frame.Update(0.5f);
        Assert.That(log, Is.EqualTo(new[]
        {
            "a.init", "b.init", "c.init", "d.init",
            "a.update(0.5)", "b.update(0.5)", "c.update(0.5)", "d.update(0.5)",
        }));

        log.Clear();
        frame.Tick(1f);
        Assert.That(log.Take(4), Is.EqualTo(new[] { "a.before", "b.before", "c.before", "d.before" }));
        Assert.That(log.Skip(8), Is.EqualTo(new[] { "a.after", "b.after", "c.after", "d.after" }));
        Assert.That(frame.Systems, Has.Count.EqualTo(3));
    }

    [Test]
    public void DisposeRunsInReverseOrder()
    {
        using var world = new World();
        var log = new List<string>();
        var group = new SystemGroup("g").Add(new Recorder(world, "a", log), new Recorder(world, "b", log));
        group.Dispose();
        Assert.That(log, Is.EqualTo(new[] { "b.dispose", "a.dispose" }));
    }

    [Test]
    public void RejectsDuplicatesAndSelf()
    {
        using var world = new World();
        var system = new MoveSystem(world);
        var group = new SystemGroup("g").Add(system);
        Assert.Throws<ArgumentException>(() => group.Add(system));
        Assert.Throws<ArgumentException>(() => group.Add(group));
    }

    [Test]
    public void SystemQueriesItsWorld()
    {
        using var world = new World();
        Entity e = world.Create(new Position(0, 0), new Velocity(2, 0));
        using var group = new SystemGroup("physics").Add(new MoveSystem(world));
        group.Initialize();
        for (int i = 0; i < 3; i++) group.Update(0.5f);
        Assert.That(world.Get<Position>(e).X, Is.EqualTo(3f));
    }
}
