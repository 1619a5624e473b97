using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class QueryTests
{
    private static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

    private struct Integrate : IForEach<Position, Velocity>
    {
        public float Dt;

        public readonly void Update(ref Position p, ref Velocity v)
        {
            p.X += v.X * Dt;
            p.Y += v.Y * Dt;
        }
    }

    private struct SumHealth : IForEach<Health>
    {
        public long Sum;
        public int Visits;

        public void Update(ref Health h)
        {
            Sum += h.Value;
            Visits++;
        }
    }

    private struct CollectEntities : IForEachWithEntity<Health, Position>
    {
        public List<(Entity, int, Position)> Seen;

        public readonly void Update(Entity entity, ref Health h, ref Position p) => Seen.Add((entity, h.Value, p));
    }

    private struct Arity4 : IForEach<Position, Velocity, Health, Label>
    {
        public int Visits;

        public void Update(ref Position p, ref Velocity v, ref Health h, ref Label l)
        {
            h.Value += (int)(p.X + v.X) + l.Text.Length;
            Visits++;
        }
    }

    private struct DestroyInside : IForEachWithEntity<Health>
    {
        public World World;

        public readonly void Update(Entity entity, ref Health h) => World.Destroy(entity);
    }

    [Test]
    public void QueryWritesThroughAndVisitsOnlyMatches()
    {
        using var world = new World(chunkBytes: 256);
        var movers = new List<Entity>();
        for (int i = 0; i < 77; i++) movers.Add(world.Create(new Position(i, 0), new Velocity(1, 2)));
        Entity still = world.Create(new Position(5, 5));
        Entity tagged = world.Create(new Position(0, 0), new Velocity(10, 0), new Tag());

        var integrate = new Integrate { Dt = 0.5f };
        world.Query<Integrate, Position, Velocity>(in Moving, ref integrate);

        for (int i = 0; i < movers.Count; i++)
            Assert.That(world.Get<Position>(movers[i]), Is.EqualTo(new Position(i + 0.5f, 1)));
        Assert.That(world.Get<Position>(still), Is.EqualTo(new Position(5, 5)));
        Assert.That(world.Get<Position>(tagged), Is.EqualTo(new Position(5, 0)));
    }

    [Test]
    public void CallbackStateIsKept()
    {
        using var world = new World();
        for (int i = 1; i <= 10; i++) world.Create(new Health(i));
        var sum = new SumHealth();
        world.Query<SumHealth, Health>(new QueryDescription().WithAll<Health>(), ref sum);
        Assert.That(sum.Sum, Is.EqualTo(55));
        Assert.That(sum.Visits, Is.EqualTo(10));
    }

    [Test]
    public void AllAnyNoneFilters()
    {
        using var world = new World();
        world.Create(new Health(1));
        world.Create(new Health(2), new Tag());
        world.Create(new Health(4), new Position());
        world.Create(new Health(8), new Velocity(), new Tag());
        world.Create(new Position());

        Assert.Multiple(() =>
        {
            Assert.That(world.CountEntities(new QueryDescription()), Is.EqualTo(5));
            Assert.That(world.CountEntities(new QueryDescription().WithAll<Health>()), Is.EqualTo(4));
            Assert.That(world.CountEntities(new QueryDescription().WithAll<Health>().WithNone<Tag>()), Is.EqualTo(2));
            Assert.That(world.CountEntities(new QueryDescription().WithAny<Position, Velocity>()), Is.EqualTo(3));
            Assert.That(world.CountEntities(new QueryDescription().WithAll<Health>().WithAny<Position, Velocity>().WithNone<Tag>()), Is.EqualTo(1));
        });
        var sum = new SumHealth();
        world.Query<SumHealth, Health>(new QueryDescription().WithAll<Health>().WithNone<Tag>(), ref sum);
        Assert.That(sum.Sum, Is.EqualTo(5));
    }

    [Test]
    public void EntityQueryPassesMatchingEntity()
    {
        using var world = new World();
        Entity a = world.Create(new Health(1), new Position(1, 1));
        Entity b = world.Create(new Health(2), new Position(2, 2), new Tag());
        var collect = new CollectEntities { Seen = new() };
        world.EntityQuery<CollectEntities, Health, Position>(new QueryDescription().WithAll<Health, Position>(), ref collect);
        Assert.That(collect.Seen, Is.EquivalentTo(new[] { (a, 1, new Position(1, 1)), (b, 2, new Position(2, 2)) }));
    }

    [Test]
    public void FourComponentQuery()
    {
        using var world = new World();
        Entity e = world.Create(new Position(1, 0), new Velocity(2, 0), new Health(0), new Label("abc"));
        var job = new Arity4();
        world.Query<Arity4, Position, Velocity, Health, Label>(new QueryDescription().WithAll<Position, Velocity, Health, Label>(), ref job);
        Assert.That(job.Visits, Is.EqualTo(1));
        Assert.That(world.Get<Health>(e).Value, Is.EqualTo(6));
    }

    [Test]
    public void CachedQuerySeesArchetypesCreatedLater()
    {
        using var world = new World();
        var all = new QueryDescription().WithAll<Health>();
        world.Create(new Health(1));
        Assert.That(world.CountEntities(all), Is.EqualTo(1));

        world.Create(new Health(2), new Label("new archetype"));
        Entity e = world.Create(new Health(4));
        world.Add(e, new Velocity());
        var sum = new SumHealth();
        world.Query<SumHealth, Health>(in all, ref sum);
        Assert.That(sum.Sum, Is.EqualTo(7));
        Assert.That(world.CountEntities(all), Is.EqualTo(3));
    }

    [Test]
    public void EqualDescriptionsAreEqual()
    {
        var a = new QueryDescription().WithAll<Position, Velocity>().WithNone<Tag>();
        var b = new QueryDescription().WithAll<Velocity>().WithAll<Position>().WithNone<Tag>();
        var c = new QueryDescription().WithAll<Position, Velocity>();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void StructuralChangeDuringQueryThrowsAndLeavesWorldIntact()
    {
        using var world = new World();
        Entity a = world.Create(new Health(1));
        Entity b = world.Create(new Health(2));
        var destroy = new DestroyInside { World = world };
        var error = Assert.Throws<InvalidOperationException>(
            () => world.EntityQuery<DestroyInside, Health>(new QueryDescription().WithAll<Health>(), ref destroy))!;
        Assert.That(error.Message, Does.Contain("CommandBuffer"));

        Assert.That(world.IsAlive(a) && world.IsAlive(b), Is.True);
        Assert.That(world.IsIterating, Is.False);
        world.Destroy(a);
        Assert.That(world.Size, Is.EqualTo(1));
    }

    [Test]
    public void StructuralChangeDuringChunkLoopThrows()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        foreach (Chunk chunk in world.GetChunks(new QueryDescription().WithAll<Health>()))
        {
            Assert.Throws<InvalidOperationException>(() => world.Create(new Health(2)));
            Assert.Throws<InvalidOperationException>(() => world.Add(e, new Tag()));
            Assert.Throws<InvalidOperationException>(() => world.Remove<Health>(e));
            Assert.That(chunk.Count, Is.EqualTo(1));
        }
        Assert.DoesNotThrow(() => world.Add(e, new Tag()));
        Assert.That(world.Has<Tag>(e), Is.True);
    }

    [Test]
    public void CallbackComponentMissingFromDescriptionThrows()
    {
        using var world = new World();
        world.Create(new Health(1));
        var sum = new SumHealth();
        var error = Assert.Throws<InvalidOperationException>(
            () => world.Query<SumHealth, Health>(new QueryDescription().WithAny<Health, Tag>(), ref sum))!;
        Assert.That(error.Message, Does.Contain("WithAll<Health>"));
    }

    [Test]
    public void ChunkSpansMatchEntities()
    {
        using var world = new World(chunkBytes: 256);
        var expected = new Dictionary<Entity, int>();
        for (int i = 0; i < 333; i++) expected[world.Create(new Health(i), new Position(i, 0))] = i;
        var seen = new Dictionary<Entity, int>();
        foreach (Chunk chunk in world.GetChunks(new QueryDescription().WithAll<Health, Position>()))
        {
            ReadOnlySpan<Entity> entities = chunk.Entities;
            Span<Health> health = chunk.GetSpan<Health>();
            Span<Position> position = chunk.GetSpan<Position>();
            Assert.That(health.Length, Is.EqualTo(entities.Length));
            for (int i = 0; i < entities.Length; i++)
            {
                Assert.That(position[i].X, Is.EqualTo(health[i].Value));
                seen.Add(entities[i], health[i].Value);
            }
            Assert.That(chunk.Has<Velocity>(), Is.False);
            Assert.Throws<InvalidOperationException>(() => chunk.GetSpan<Velocity>());
        }
        Assert.That(seen, Is.EquivalentTo(expected));
    }
}
