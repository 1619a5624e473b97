using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>Every primitive on ILGPU's CPU accelerator against the reference, through <see cref="GpuSelfCheck"/>.</summary>
[TestFixture]
public sealed class IlgpuSelfCheckTests
{
    [Test]
    public void EveryPrimitiveMatchesTheReferenceOnTheCpuSimulator()
    {
        using var backend = IlgpuBackend.CreateCpuSimulator();
        var results = GpuSelfCheck.Run(backend, small: true);
        var log = new StringWriter();
        var exit = GpuSelfCheck.Report(results, log);
        TestContext.Out.WriteLine(log.ToString());
        Assert.That(exit, Is.Zero, log.ToString());
    }
}
