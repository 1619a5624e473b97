using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class WorldTests
{
    [Test]
    public void CreateStoresEveryComponent()
    {
        using var world = new World();
        Entity e = world.Create(new Position(1, 2), new Velocity(3, 4), new Health(5), new Label("five"));

        Assert.That(world.Size, Is.EqualTo(1));
        Assert.That(world.Get<Position>(e), Is.EqualTo(new Position(1, 2)));
        Assert.That(world.Get<Velocity>(e), Is.EqualTo(new Velocity(3, 4)));
        Assert.That(world.Get<Health>(e), Is.EqualTo(new Health(5)));
        Assert.That(world.Get<Label>(e).Text, Is.EqualTo("five"));
        Assert.That(world.Has<Tag>(e), Is.False);
    }

    [Test]
    public void GetReturnsReferenceIntoStorage()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        world.Get<Health>(e).Value = 42;
        Assert.That(world.Get<Health>(e).Value, Is.EqualTo(42));

        world.Set(e, new Health(7));
        Assert.That(world.Get<Health>(e).Value, Is.EqualTo(7));
    }

    [Test]
    public void AddAndRemoveKeepOtherComponents()
    {
        using var world = new World();
        Entity e = world.Create(new Position(1, 2));
        world.Add(e, new Velocity(3, 4));
        world.Add(e, new Tag());
        Assert.That(world.Has<Velocity>(e) && world.Has<Tag>(e), Is.True);

        world.Remove<Position>(e);
        Assert.That(world.Has<Position>(e), Is.False);
        Assert.That(world.Get<Velocity>(e), Is.EqualTo(new Velocity(3, 4)));
        Assert.That(world.Has<Tag>(e), Is.True);
    }

    [Test]
    public void AddingSameComponentTwiceThrows()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        Assert.Throws<InvalidOperationException>(() => world.Add(e, new Health(2)));
        Assert.That(world.Get<Health>(e).Value, Is.EqualTo(1));
    }

    [Test]
    public void MissingComponentThrowsOnGetSetRemove()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        Assert.Throws<InvalidOperationException>(() => world.Get<Position>(e));
        Assert.Throws<InvalidOperationException>(() => world.Set(e, new Position()));
        Assert.Throws<InvalidOperationException>(() => world.Remove<Position>(e));
    }

    [Test]
    public void CreateWithRepeatedTypeThrows()
    {
        using var world = new World();
        Assert.Throws<ArgumentException>(() => world.Create(new Health(1), new Health(2)));
        Assert.That(world.Size, Is.Zero);
    }

    [Test]
    public void SameComponentSetSharesOneArchetype()
    {
        using var world = new World();
        int before = world.ArchetypeCount;
        world.Create(new Position(), new Velocity());
        world.Create(new Velocity(), new Position());
        Entity e = world.Create(new Position());
        world.Add(e, new Velocity());
        Assert.That(world.ArchetypeCount, Is.EqualTo(before + 2));
    }

    [Test]
    public void ManyEntitiesSpanChunksAndKeepValues()
    {
        using var world = new World(chunkBytes: 256);
        var entities = new Entity[1025];
        for (int i = 0; i < entities.Length; i++) entities[i] = world.Create(new Health(i), new Position(i, -i));
        for (int i = 0; i < entities.Length; i++)
        {
            Assert.That(world.Get<Health>(entities[i]).Value, Is.EqualTo(i));
            Assert.That(world.Get<Position>(entities[i]), Is.EqualTo(new Position(i, -i)));
        }
        int chunks = 0;
        foreach (Chunk chunk in world.GetChunks(new QueryDescription().WithAll<Health>()))
        {
            Assert.That(chunk.Count, Is.InRange(1, chunk.Capacity));
            chunks++;
        }
        Assert.That(chunks, Is.GreaterThan(1));
    }
}
