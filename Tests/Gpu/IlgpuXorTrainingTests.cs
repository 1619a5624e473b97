using Myelin.Gpu;
using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Gpu;

/// <summary>End to end: XOR trained with ops and the tape on ILGPU's CPU accelerator tracks the CPU backend step by step.</summary>
public sealed class IlgpuXorTrainingTests
{
    [Test]
    public void LossesMatchTheCpuBackendForTwentySteps()
    {
        using var backend = IlgpuBackend.CreateCpuSimulator();
        CrossBackendTraining.AssertXorTracksCpu(backend);
    }
}
