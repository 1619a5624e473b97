using Myelin.Backends;
using Myelin.Gpu;
using Myelin.Tests.Core.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>
/// The conformance suite on ILGPU's CPU accelerator: the real kernels, simulated, small shapes.
/// On CUDA the same primitives are checked by <c>myelin gpu-check</c> (Tests/Gpu/run-on-gpu.sh), which
/// needs no SDK on the GPU machine.
/// </summary>
[TestFixture]
public sealed class IlgpuCpuConformance : BackendConformance
{
    private IlgpuBackend? _backend;

    /// <inheritdoc />
    protected override IBackend Backend => _backend ??= IlgpuBackend.CreateCpuSimulator();

    /// <inheritdoc />
    protected override bool SmallShapesOnly => true;

    /// <inheritdoc />
    /// <remarks>A kernel cannot throw without a device sync: bad labels give a NaN loss row instead.</remarks>
    protected override bool BadLabelThrows => false;

    [OneTimeTearDown]
    public void Close() => _backend?.Dispose();
}
