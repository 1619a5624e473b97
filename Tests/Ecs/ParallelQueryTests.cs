using System.Runtime.CompilerServices;
using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

public class ParallelQueryTests
{
    private static readonly QueryDescription Counted = new QueryDescription().WithAll<Health, Position>();

    private struct Bump : IForEach<Health, Position>
    {
        public readonly void Update(ref Health h, ref Position p)
        {
            h.Value++;
            p.X += h.Value;
        }
    }

    // Each partition runs on its own copy, so _arrived is per partition. The first entity of a partition
    // waits for the other partition to start: this only completes when two threads run at once.
    private struct Rendezvous : IForEach<Health>
    {
        public CountdownEvent Both;
        public StrongBox<int> TimedOut;
        private bool _arrived;

        public void Update(ref Health h)
        {
            if (_arrived) return;
            _arrived = true;
            Both.Signal();
            if (!Both.Wait(TimeSpan.FromSeconds(10))) Interlocked.Increment(ref TimedOut.Value);
        }
    }

    private struct Throwing : IForEach<Health>
    {
        public readonly void Update(ref Health h)
        {
            if (h.Value == 500) throw new ArithmeticException("boom");
        }
    }

    private struct TryDestroy : IForEachWithEntity<Health>
    {
        public World World;

        public readonly void Update(Entity entity, ref Health h) => World.Destroy(entity);
    }

    [TestCase(1, 1)]
    [TestCase(7, 1)]
    [TestCase(1025, 3)]
    [TestCase(5000, 3)]
    public void VisitsEveryEntityExactlyOnceAndMatchesSerial(int count, int workers)
    {
        using var parallel = new World(chunkBytes: 256, workerThreads: workers);
        using var serial = new World(chunkBytes: 256);
        var ep = new List<Entity>();
        var es = new List<Entity>();
        for (int i = 0; i < count; i++)
        {
            ep.Add(parallel.Create(new Health(i), new Position(0, 0)));
            es.Add(serial.Create(new Health(i), new Position(0, 0)));
        }
        var bump = new Bump();
        for (int frame = 0; frame < 3; frame++)
        {
            parallel.ParallelQuery<Bump, Health, Position>(in Counted, ref bump);
            serial.Query<Bump, Health, Position>(in Counted, ref bump);
        }
        for (int i = 0; i < count; i++)
        {
            Assert.That(parallel.Get<Health>(ep[i]), Is.EqualTo(serial.Get<Health>(es[i])));
            Assert.That(parallel.Get<Position>(ep[i]), Is.EqualTo(serial.Get<Position>(es[i])));
            Assert.That(parallel.Get<Health>(ep[i]).Value, Is.EqualTo(i + 3));
        }
    }

    [Test]
    public void PartitionsRunConcurrentlyOnWorkerAndCaller()
    {
        using var world = new World(chunkBytes: 256, workerThreads: 1);
        for (int i = 0; i < 200; i++) world.Create(new Health(i));
        using var both = new CountdownEvent(2);
        var job = new Rendezvous { Both = both, TimedOut = new StrongBox<int>() };
        world.ParallelQuery<Rendezvous, Health>(new QueryDescription().WithAll<Health>(), ref job);
        Assert.That(job.TimedOut.Value, Is.Zero, "both partitions must run at the same time");
        Assert.That(both.CurrentCount, Is.Zero);
    }

    [Test]
    public void ExceptionInWorkerReachesCallerAndWorldStaysUsable()
    {
        using var world = new World(chunkBytes: 256, workerThreads: 3);
        for (int i = 0; i < 1000; i++) world.Create(new Health(i));
        var job = new Throwing();
        var desc = new QueryDescription().WithAll<Health>();
        Assert.Throws<ArithmeticException>(() => world.ParallelQuery<Throwing, Health>(in desc, ref job));
        Assert.That(world.IsIterating, Is.False);

        var destroy = new TryDestroy { World = world };
        Assert.Throws<InvalidOperationException>(() => world.ParallelEntityQuery<TryDestroy, Health>(in desc, ref destroy));
        Assert.That(world.Size, Is.EqualTo(1000));
    }
}
