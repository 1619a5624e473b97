using Myelin.Demos.Digits.Data;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits.Data;

public class NumpyRandomStateTests
{
    [Test]
    public void Permutation10WithSeed42_MatchesNumpy() =>
        Assert.That(new NumpyRandomState(42).Permutation(10), Is.EqualTo(new[] { 8, 1, 5, 0, 7, 2, 9, 4, 3, 6 }));

    [Test]
    public void FirstOutputsOfSeed42_MatchMt19937InitGenrand() =>
        Assert.That(new[] { new NumpyRandomState(42).NextUInt32() }.Concat(Next(new NumpyRandomState(42), 3).Skip(1)),
            Is.EqualTo(new uint[] { 1608637542, 3421126067, 4083286876 }));

    [Test]
    public void TenThousandthOutputOfDefaultSeed_IsTheCppStandardValue()
    {
        // C++ [rand.predef]: the 10000th output of mt19937 with the default seed 5489 is 4123659995.
        var last = Next(new NumpyRandomState(5489), 10_000).Last();
        Assert.That(last, Is.EqualTo(4123659995u));
    }

    [Test]
    public void Permutation10000WithSeed42_MatchesThePythonReplicaOfMakeSample()
    {
        var p = new NumpyRandomState(42).Permutation(10_000);
        Assert.That(p[..10], Is.EqualTo(new[] { 6252, 4684, 1731, 4742, 4521, 6340, 576, 5202, 6363, 439 }));
        Assert.That(p[^5..], Is.EqualTo(new[] { 5734, 5191, 5390, 860, 7270 }));
        Assert.That(p.Order(), Is.EqualTo(Enumerable.Range(0, 10_000)), "a permutation");
    }

    [Test]
    public void Interval_StaysWithinBound([Values(0u, 1u, 5u, 255u, 256u, 1000u)] uint max)
    {
        var rng = new NumpyRandomState(7);
        for (var i = 0; i < 2000; i++) Assert.That(rng.Interval(max), Is.LessThanOrEqualTo(max));
    }

    private static IEnumerable<uint> Next(NumpyRandomState rng, int count)
    {
        for (var i = 0; i < count; i++) yield return rng.NextUInt32();
    }
}
