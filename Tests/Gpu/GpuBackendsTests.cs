using Myelin.Backends;
using Myelin.Gpu;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

[TestFixture]
public sealed class GpuBackendsTests
{
    [Test]
    public void FallsBackToTheCpuBackendWithAClearMessageWhenThereIsNoCuda()
    {
        var backend = GpuBackends.CreateIlgpuOrFallback(out var message);
        if (backend is IlgpuBackend cuda)
        {
            // A machine with a GPU: the backend must really be CUDA, never ILGPU's silent CPU fallback.
            Assert.That(cuda.IsCuda, Is.True, message);
            cuda.Dispose();
            return;
        }
        Assert.That(backend, Is.SameAs(CpuBackend.Instance));
        Assert.That(message, Does.StartWith(IlgpuBackend.NoCudaMessage));
    }

    [Test]
    public void SelectsBackendsByName()
    {
        Assert.That(GpuBackends.Select("cpu", out _), Is.SameAs(CpuBackend.Instance));
        Assert.That(GpuBackends.Select("Reference", out _), Is.SameAs(ReferenceBackend.Instance));
        using (var sim = (IlgpuBackend)GpuBackends.Select("ilgpu-cpu", out _)) Assert.That(sim.IsCuda, Is.False);
        var e = Assert.Throws<ArgumentException>(() => GpuBackends.Select("vulkan", out _));
        Assert.That(e!.Message, Does.Contain("ilgpu"));
    }
}
