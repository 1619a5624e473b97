using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class CommandBufferTests
{
    private struct DestroyLowHealth : IForEachWithEntity<Health>
    {
        public CommandBuffer Buffer;

        public readonly void Update(Entity entity, ref Health h)
        {
            if (h.Value < 5) Buffer.Destroy(entity);
            else Buffer.Add(entity, new Tag());
        }
    }

    [Test]
    public void RecordsDuringQueryAndAppliesAfter()
    {
        using var world = new World();
        var entities = Enumerable.Range(0, 10).Select(i => world.Create(new Health(i))).ToList();
        var buffer = new CommandBuffer();
        var job = new DestroyLowHealth { Buffer = buffer };
        world.EntityQuery<DestroyLowHealth, Health>(new QueryDescription().WithAll<Health>(), ref job);

        Assert.That(world.Size, Is.EqualTo(10), "nothing applied before playback");
        Assert.That(buffer.Count, Is.EqualTo(10));
        buffer.Playback(world);

        Assert.That(buffer.Count, Is.Zero);
        for (int i = 0; i < 10; i++)
        {
            Assert.That(world.IsAlive(entities[i]), Is.EqualTo(i >= 5));
            if (i >= 5) Assert.That(world.Has<Tag>(entities[i]), Is.True);
        }
    }

    [Test]
    public void PlaceholderFromCreateIsUsableInLaterCommands()
    {
        using var world = new World();
        var buffer = new CommandBuffer();
        Entity placeholder = buffer.Create();
        Assert.That(placeholder.Id, Is.Negative);
        buffer.Add(placeholder, new Health(3));
        buffer.Add(placeholder, new Label("spawned"));
        buffer.Set(placeholder, new Health(9));
        buffer.Remove<Label>(placeholder);
        buffer.Playback(world);

        Assert.That(world.Size, Is.EqualTo(1));
        var sum = 0;
        foreach (Chunk chunk in world.GetChunks(new QueryDescription().WithAll<Health>()))
            foreach (Health h in chunk.GetSpan<Health>()) sum += h.Value;
        Assert.That(sum, Is.EqualTo(9));
        Assert.That(world.CountEntities(new QueryDescription().WithAll<Label>()), Is.Zero);
    }

    [Test]
    public void CommandsRunInRecordingOrder()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        var buffer = new CommandBuffer();
        buffer.Set(e, new Health(2));
        buffer.Remove<Health>(e);
        buffer.Add(e, new Health(3));
        buffer.Playback(world);
        Assert.That(world.Get<Health>(e).Value, Is.EqualTo(3));
    }

    [Test]
    public void StaleTargetThrowsAndBufferIsCleared()
    {
        using var world = new World();
        Entity e = world.Create(new Health(1));
        var buffer = new CommandBuffer();
        buffer.Destroy(e);
        buffer.Set(e, new Health(2));
        Assert.Throws<InvalidOperationException>(() => buffer.Playback(world));
        Assert.That(world.IsAlive(e), Is.False, "commands before the failing one stay applied");
        Assert.That(buffer.Count, Is.Zero);
    }

    [Test]
    public void ForeignPlaceholderIsRejected()
    {
        using var world = new World();
        var other = new CommandBuffer();
        Entity foreign = other.Create();
        var buffer = new CommandBuffer();
        buffer.Add(foreign, new Health(1));
        Assert.Throws<InvalidOperationException>(() => buffer.Playback(world));
    }

    [Test]
    public void ClearDropsCommandsAndBufferIsReusable()
    {
        using var world = new World();
        var buffer = new CommandBuffer();
        buffer.Create();
        buffer.Clear();
        buffer.Playback(world);
        Assert.That(world.Size, Is.Zero);

        for (int frame = 0; frame < 3; frame++)
        {
            Entity p = buffer.Create();
            buffer.Add(p, new Health(frame));
            buffer.Playback(world);
        }
        Assert.That(world.CountEntities(new QueryDescription().WithAll<Health>()), Is.EqualTo(3));
    }
}
