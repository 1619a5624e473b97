using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class EntityLifecycleTests
{
    [Test]
    public void DefaultEntityIsNeverAlive()
    {
        using var world = new World();
        world.Create();
        Assert.That(world.IsAlive(Entity.Null), Is.False);
        Assert.That(world.IsAlive(new Entity(5, 1)), Is.False);
    }

    [Test]
    public void DestroyedHandleIsStaleEverywhere()
    {
        using var world = new World();
        Entity e = world.Create(new Health(3));
        world.Destroy(e);

        Assert.That(world.IsAlive(e), Is.False);
        Assert.That(world.Size, Is.Zero);
        var error = Assert.Throws<InvalidOperationException>(() => world.Get<Health>(e))!;
        Assert.That(error.Message, Does.Contain("not alive"));
        Assert.Throws<InvalidOperationException>(() => world.Destroy(e));
        Assert.Throws<InvalidOperationException>(() => world.Add(e, new Tag()));
        Assert.Throws<InvalidOperationException>(() => world.Set(e, new Health(1)));
        Assert.Throws<InvalidOperationException>(() => world.Has<Health>(e));
    }

    [Test]
    public void RecycledIdGetsNewVersionAndOldHandleStaysStale()
    {
        using var world = new World();
        Entity old = world.Create(new Health(1));
        world.Destroy(old);
        Entity fresh = world.Create(new Health(2));

        Assert.That(fresh.Id, Is.EqualTo(old.Id));
        Assert.That(fresh.Version, Is.Not.EqualTo(old.Version));
        Assert.That(world.IsAlive(fresh), Is.True);
        Assert.That(world.IsAlive(old), Is.False);
        Assert.Throws<InvalidOperationException>(() => world.Get<Health>(old));
        Assert.That(world.Get<Health>(fresh).Value, Is.EqualTo(2));
    }

    [Test]
    public void DestroyMovesLastEntityIntoHoleAndKeepsLocations()
    {
        using var world = new World(chunkBytes: 256);
        var entities = new List<Entity>();
        for (int i = 0; i < 100; i++) entities.Add(world.Create(new Health(i)));

        // Destroy from the front, middle and back so holes appear in several chunks.
        foreach (int index in new[] { 0, 50, 99, 17, 33 })
            world.Destroy(entities[index]);

        for (int i = 0; i < 100; i++)
        {
            bool destroyed = i is 0 or 50 or 99 or 17 or 33;
            Assert.That(world.IsAlive(entities[i]), Is.EqualTo(!destroyed), $"entity {i}");
            if (!destroyed) Assert.That(world.Get<Health>(entities[i]).Value, Is.EqualTo(i));
        }
        Assert.That(world.CountEntities(new QueryDescription().WithAll<Health>()), Is.EqualTo(95));
    }

    [Test]
    public void DestroyingEveryEntityEmptiesChunksAndAllowsReuse()
    {
        using var world = new World(chunkBytes: 256);
        var entities = Enumerable.Range(0, 40).Select(i => world.Create(new Health(i))).ToList();
        foreach (Entity e in entities) world.Destroy(e);
        int chunks = 0;
        foreach (Chunk _ in world.GetChunks(new QueryDescription())) chunks++;
        Assert.That(chunks, Is.Zero);

        Entity again = world.Create(new Health(99));
        Assert.That(world.Get<Health>(again).Value, Is.EqualTo(99));
        Assert.That(world.Size, Is.EqualTo(1));
        Assert.That(world.Capacity, Is.EqualTo(40));
    }
}
