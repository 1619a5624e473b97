using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class AllocationTests
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

    private struct IntegrateWithEntity : IForEachWithEntity<Position, Velocity>
    {
        public int Sum;

        public void Update(Entity entity, ref Position p, ref Velocity v) => Sum += entity.Id;
    }

    private static World Populated(int workers = 0)
    {
        var world = new World(workerThreads: workers);
        for (int i = 0; i < 10_000; i++)
        {
            if (i % 3 == 0) world.Create(new Position(i, 0), new Velocity(1, 1), new Tag());
            else world.Create(new Position(i, 0), new Velocity(1, 1));
        }
        return world;
    }

    private static long Measure(Action frame)
    {
        for (int i = 0; i < 5; i++) frame();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) frame();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void QueryWithStructCallbackAllocatesNothing()
    {
        using World world = Populated();
        var integrate = new Integrate { Dt = 0.016f };
        var withEntity = new IntegrateWithEntity();
        long bytes = Measure(() =>
        {
            world.Query<Integrate, Position, Velocity>(in Moving, ref integrate);
            world.EntityQuery<IntegrateWithEntity, Position, Velocity>(in Moving, ref withEntity);
        });
        Assert.That(bytes, Is.Zero);
        Assert.That(withEntity.Sum, Is.Not.Zero, "the callback really ran");
    }

    [Test]
    public void ChunkLoopAndCountAllocateNothing()
    {
        using World world = Populated();
        float total = 0;
        int counted = 0;
        long bytes = Measure(() =>
        {
            foreach (Chunk chunk in world.GetChunks(in Moving))
            {
                Span<Position> p = chunk.GetSpan<Position>();
                for (int i = 0; i < p.Length; i++) total += p[i].X;
            }
            counted = world.CountEntities(in Moving);
        });
        Assert.That(bytes, Is.Zero);
        Assert.That(counted, Is.EqualTo(10_000));
        Assert.That(total, Is.GreaterThan(0));
    }

    [Test]
    public void ParallelQueryAllocatesNothingOnCallerInSteadyState()
    {
        using World world = Populated(workers: 3);
        var integrate = new Integrate { Dt = 1f };
        long bytes = Measure(() => world.ParallelQuery<Integrate, Position, Velocity>(in Moving, ref integrate));
        Assert.That(bytes, Is.Zero);
    }

    [Test]
    public void CommandBufferAndGetSetAllocateNothingOnceWarm()
    {
        using World world = Populated();
        var buffer = new CommandBuffer();
        Entity target = world.Create(new Position(0, 0), new Velocity(0, 0));
        long bytes = Measure(() =>
        {
            Entity spawned = buffer.Create();
            buffer.Add(spawned, new Position(1, 1));
            buffer.Add(spawned, new Velocity(1, 1));
            buffer.Set(target, new Position(2, 2));
            buffer.Playback(world);
            world.Get<Velocity>(target).X += 1;
        });
        Assert.That(bytes, Is.Zero);
        Assert.That(world.Get<Position>(target), Is.EqualTo(new Position(2, 2)));
    }
}
