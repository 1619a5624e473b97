using CsCheck;
using Myelin.Ecs;
using NUnit.Framework;

namespace Myelin.Tests.Ecs;

// Random create/destroy/add/remove/set sequences against a plain dictionary model.
public class WorldPropertyTests
{
    // Kind: 0 create, 1 destroy, 2 add, 3 remove, 4 set. Target picks any handle ever made (maybe dead).
    // Types: a bit set for create, or one component index (0..3) otherwise.
    private readonly record struct Op(int Kind, int Target, int Types, int Value);

    private record struct A(int V);

    private record struct B(long V);

    private record struct C(int V);

    private record struct D(string V);

    private const int ComponentCount = 4;

    private static readonly QueryDescription[] Descriptions =
    [
        new QueryDescription(),
        new QueryDescription().WithAll<A>(),
        new QueryDescription().WithAll<A, B>(),
        new QueryDescription().WithAll<C>().WithNone<A>(),
        new QueryDescription().WithAny<B, D>(),
        new QueryDescription().WithAll<D>().WithAny<A, C>().WithNone<B>(),
    ];

    // Which component indices a description requires / accepts / forbids, mirroring Descriptions.
    private static readonly (int All, int Any, int None)[] Filters =
    [
        (0, 0, 0), (0b0001, 0, 0), (0b0011, 0, 0), (0b0100, 0, 0b0001), (0, 0b1010, 0), (0b1000, 0b0101, 0b0010),
    ];

    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 15], Gen.Int[-50, 50], (t, s, v) => new Op(0, t, s, v))),
        (2, Gen.Select(Gen.Int[0, 1000], t => new Op(1, t, 0, 0))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], Gen.Int[-50, 50], (t, c, v) => new Op(2, t, c, v))),
        (2, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], (t, c) => new Op(3, t, c, 0))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], Gen.Int[-50, 50], (t, c, v) => new Op(4, t, c, v))));

    [Test]
    public void RandomOperationsMatchModel()
    {
        GenOp.Array[1, 250].Sample(ops => Run(ops), seed: "0N0XIzNsQ0O2", iter: 100, threads: 1);
    }

    private static void Run(Op[] ops)
    {
        using var world = new World(chunkBytes: 256);
        var model = new Dictionary<Entity, int?[]>();
        var handles = new List<Entity>();
        foreach (Op op in ops)
        {
            Apply(world, model, handles, op);
            Check(world, model, handles);
        }
    }

    private static void Apply(World world, Dictionary<Entity, int?[]> model, List<Entity> handles, Op op)
    {
        if (op.Kind == 0)
        {
            Entity created = world.Create();
            var values = new int?[ComponentCount];
            for (int c = 0; c < ComponentCount; c++)
            {
                if ((op.Types & (1 << c)) == 0) continue;
                AddComponent(world, created, c, op.Value + c);
                values[c] = op.Value + c;
            }
            Assert.That(handles, Does.Not.Contain(created), "a fresh handle never equals an old one");
            handles.Add(created);
            model.Add(created, values);
            return;
        }
        if (handles.Count == 0) return;
        Entity e = handles[op.Target % handles.Count];
        int component = op.Types;
        if (!model.TryGetValue(e, out int?[]? current))
        {
            // A stale handle: every operation must be rejected.
            Assert.That(world.IsAlive(e), Is.False);
            Assert.Throws<InvalidOperationException>(() => Mutate(world, e, op.Kind, component, op.Value));
            return;
        }
        bool has = current[component].HasValue;
        bool valid = op.Kind switch { 1 => true, 2 => !has, _ => has };
        if (!valid)
        {
            Assert.Throws<InvalidOperationException>(() => Mutate(world, e, op.Kind, component, op.Value));
            return;
        }
        Mutate(world, e, op.Kind, component, op.Value);
        switch (op.Kind)
        {
            case 1: model.Remove(e); break;
            case 3: current[component] = null; break;
            default: current[component] = op.Value; break;
        }
    }

    private static void Mutate(World world, Entity e, int kind, int component, int value)
    {
        switch (kind)
        {
            case 1: world.Destroy(e); break;
            case 2: AddComponent(world, e, component, value); break;
            case 3:
                if (component == 0) world.Remove<A>(e);
                else if (component == 1) world.Remove<B>(e);
                else if (component == 2) world.Remove<C>(e);
                else world.Remove<D>(e);
                break;
            default:
                if (component == 0) world.Set(e, new A(value));
                else if (component == 1) world.Set(e, new B(value));
                else if (component == 2) world.Set(e, new C(value));
                else world.Set(e, new D(value.ToString()));
                break;
        }
    }

    private static void AddComponent(World world, Entity e, int component, int value)
    {
        if (component == 0) world.Add(e, new A(value));
        else if (component == 1) world.Add(e, new B(value));
        else if (component == 2) world.Add(e, new C(value));
        else world.Add(e, new D(value.ToString()));
    }

    private static void Check(World world, Dictionary<Entity, int?[]> model, List<Entity> handles)
    {
        Assert.That(world.Size, Is.EqualTo(model.Count));
        foreach (Entity h in handles) Assert.That(world.IsAlive(h), Is.EqualTo(model.ContainsKey(h)), $"{h}");

        for (int q = 0; q < Descriptions.Length; q++)
        {
            (int all, int any, int none) = Filters[q];
            var expected = new Dictionary<Entity, string>();
            foreach ((Entity e, int?[] values) in model)
            {
                int mask = 0;
                for (int c = 0; c < ComponentCount; c++) if (values[c].HasValue) mask |= 1 << c;
                if ((mask & all) == all && (any == 0 || (mask & any) != 0) && (mask & none) == 0)
                    expected.Add(e, string.Join(",", values.Select(v => v?.ToString() ?? "-")));
            }

            var actual = new Dictionary<Entity, string>();
            foreach (Chunk chunk in world.GetChunks(in Descriptions[q]))
            {
                ReadOnlySpan<Entity> entities = chunk.Entities;
                for (int i = 0; i < entities.Length; i++)
                {
                    string a = chunk.Has<A>() ? chunk.GetSpan<A>()[i].V.ToString() : "-";
                    string b = chunk.Has<B>() ? chunk.GetSpan<B>()[i].V.ToString() : "-";
                    string c = chunk.Has<C>() ? chunk.GetSpan<C>()[i].V.ToString() : "-";
                    string d = chunk.Has<D>() ? chunk.GetSpan<D>()[i].V : "-";
                    actual.Add(entities[i], $"{a},{b},{c},{d}");
                }
            }
            Assert.That(actual, Is.EquivalentTo(expected), $"query {q}");
            Assert.That(world.CountEntities(in Descriptions[q]), Is.EqualTo(expected.Count));
        }
    }
}
