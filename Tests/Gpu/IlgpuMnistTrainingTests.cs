using Myelin.Gpu;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>End-to-end on ILGPU's CPU accelerator (the real kernels, simulated): an MNIST MLP trains like on the CPU.</summary>
public class IlgpuMnistTrainingTests
{
    [Test]
    public void MnistMlpTracksTheCpuBackend()
    {
        using var backend = IlgpuBackend.CreateCpuSimulator();
        CrossBackendTraining.AssertMnistMlpTracksCpu(backend, trainSamples: 400, epochs: 3);
    }
}
