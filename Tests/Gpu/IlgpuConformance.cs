using Myelin.Backends;
using Myelin.Gpu;
using Myelin.Tests.Core.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>The conformance suite on ILGPU's CPU accelerator: the real kernels, simulated, small shapes.</summary>
[TestFixture]
public sealed class IlgpuCpuConformance : BackendConformance
{
    private IlgpuBackend? _backend;

    /// <inheritdoc />
    protected override IBackend Backend => _backend ??= IlgpuBackend.CreateCpuSimulator();

    /// <inheritdoc />
    protected override bool SmallShapesOnly => true;

    [OneTimeTearDown]
    public void Close() => _backend?.Dispose();
}

/// <summary>
/// The conformance suite on a CUDA device at full sizes. Opt-in (<c>--filter TestCategory=Cuda</c>);
/// without a device every test reports Ignored with the reason instead of passing.
/// </summary>
[TestFixture]
[Category("Cuda")]
[Explicit("Needs an NVIDIA GPU: dotnet test --filter TestCategory=Cuda")]
public sealed class IlgpuCudaConformance : BackendConformance
{
    private IlgpuBackend? _backend;
    private string _reason = "";

    /// <inheritdoc />
    protected override IBackend Backend => _backend ?? throw new IgnoreException(_reason);

    [OneTimeSetUp]
    public void Open()
    {
        if (!IlgpuBackend.TryCreateCuda(out _backend, out _reason)) Assert.Ignore(_reason);
    }

    [OneTimeTearDown]
    public void Close() => _backend?.Dispose();
}
