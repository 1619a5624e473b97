using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Tensors;

public class TensorTests
{
    private const double MomentTolerance = 0.03;

    [Test]
    public void FactoriesFillValues()
    {
        Assert.That(Tensor.Zeros(2, 3).ToArray(), Is.All.EqualTo(0f));
        Assert.That(Tensor.Ones(4).ToArray(), Is.All.EqualTo(1f));
        var full = Tensor.Full(new Shape(2, 2), 2.5f);
        Assert.That(full.ToArray(), Is.All.EqualTo(2.5f));
        Assert.That(full.Shape, Is.EqualTo(new Shape(2, 2)));
        Assert.That(Tensor.Arange(5).ToArray(), Is.EqualTo(new[] { 0f, 1, 2, 3, 4 }));
        Assert.That(Tensor.Scalar(3f).Item(), Is.EqualTo(3f));
        Assert.That(Tensor.Scalar(3f).Rank, Is.EqualTo(0));
        Assert.That(Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).ToArray(), Is.EqualTo(new[] { 1f, 2, 3, 4, 5, 6 }));
        Assert.That(Tensor.Zeros(new Shape(3), ReferenceBackend.Instance).Backend, Is.SameAs(ReferenceBackend.Instance));
    }

    [Test]
    public void RandomNormalIsDeterministicWithPlausibleMoments()
    {
        var shape = new Shape(100, 100);
        var a = Tensor.RandomNormal(shape, new Rng(7), 0.5f, 2f).ToArray();
        var b = Tensor.RandomNormal(shape, new Rng(7), 0.5f, 2f).ToArray();
        var c = Tensor.RandomNormal(shape, new Rng(8), 0.5f, 2f).ToArray();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
        var mean = a.Average(v => (double)v);
        var std = Math.Sqrt(a.Average(v => (v - mean) * (v - mean)));
        Assert.That(mean, Is.EqualTo(0.5).Within(MomentTolerance * 2), "mean");
        Assert.That(std, Is.EqualTo(2.0).Within(MomentTolerance * 2), "std");
    }

    [Test]
    public void RandomUniformStaysInRange()
    {
        var a = Tensor.RandomUniform(new Shape(10000), new Rng(3), -2f, 3f).ToArray();
        Assert.That(a.Min(), Is.GreaterThanOrEqualTo(-2f));
        Assert.That(a.Max(), Is.LessThan(3f));
        Assert.That(a.Average(v => (double)v), Is.EqualTo(0.5).Within(MomentTolerance * 2));
        Assert.That(Tensor.RandomUniform(new Shape(50), new Rng(3)).ToArray(), Is.EqualTo(Tensor.RandomUniform(new Shape(50), new Rng(3)).ToArray()));
    }

    [Test]
    public void FromArrayRejectsWrongCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.That(e!.Message, Does.Contain("3 values").And.Contain("(2, 2)"));
        var t = Tensor.Zeros(2, 2);
        Assert.Throws<ArgumentException>(() => t.CopyFrom([1f, 2f]));
        Assert.Throws<ArgumentException>(() => t.CopyTo(new float[3]));
    }

    [Test]
    public void IndexerReadsAndWritesRowMajor()
    {
        var t = Tensor.FromArray([0f, 1, 2, 3, 4, 5], 2, 3);
        Assert.That(t[1, 2], Is.EqualTo(5f));
        Assert.That(t[0, 1], Is.EqualTo(1f));
        t[1, 0] = 9f;
        Assert.That(t.ToArray()[3], Is.EqualTo(9f));
        Assert.Throws<IndexOutOfRangeException>(() => _ = t[2, 0]);
        Assert.Throws<ArgumentException>(() => _ = t[1]);
        Assert.Throws<InvalidOperationException>(() => t.Item());
    }

    [Test]
    public void ToStringShowsShapeValuesAndElides()
    {
        var small = Tensor.FromArray([1f, 2.5f, -3f, 4f], new Shape(2, 2), ReferenceBackend.Instance);
        small.Name = "w";
        Assert.That(small.ToString(), Is.EqualTo("Tensor(2, 2) reference 'w'\n[[1, 2.5],\n [-3, 4]]"));
        var big = Tensor.Arange(100).ToString();
        Assert.That(big, Does.Contain("[0, 1, 2, ..., 97, 98, 99]"));
        Assert.That(big, Does.Not.Contain("50"));
        Assert.That(Tensor.Scalar(1.5f).ToString(), Does.EndWith("\n1.5"));
    }

    [Test]
    public void CloneAndToCopy()
    {
        var t = Tensor.FromArray([1f, 2f], 2);
        var c = t.Clone();
        t[0] = 5f;
        Assert.That(c.ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        var r = c.To(ReferenceBackend.Instance);
        Assert.That(r.Backend, Is.SameAs(ReferenceBackend.Instance));
        Assert.That(r.ToArray(), Is.EqualTo(new[] { 1f, 2f }));
    }
}
