using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>
/// The self-check on a real CUDA device, full sizes. Opt-in: run with
/// <c>dotnet test --filter TestCategory=Cuda</c>. Without a device it reports Ignored with the reason,
/// never a silent pass; being Explicit, the default test run neither runs nor counts it.
/// </summary>
[TestFixture]
[Category("Cuda")]
[Explicit("Needs an NVIDIA GPU: dotnet test --filter TestCategory=Cuda")]
public sealed class IlgpuCudaChecks
{
    private IlgpuBackend? _backend;

    [OneTimeSetUp]
    public void Open()
    {
        if (!IlgpuBackend.TryCreateCuda(out _backend, out var reason)) Assert.Ignore(reason);
    }

    [OneTimeTearDown]
    public void Close() => _backend?.Dispose();

    [Test]
    public void EveryPrimitiveMatchesTheReference()
    {
        var log = new StringWriter();
        var exit = GpuSelfCheck.Report(GpuSelfCheck.Run(_backend!, small: false), log);
        TestContext.Out.WriteLine(log.ToString());
        Assert.That(exit, Is.Zero, log.ToString());
    }
}
