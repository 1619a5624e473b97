using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>End to end: XOR trained with ops and the tape on the GL compute backend tracks the CPU step by step.</summary>
[TestFixture]
public class GlXorTrainingTests
{
    [Test]
    public void LossesMatchCpuStepByStep()
    {
        using var gl = new GlTestContext();
        gl.MakeCurrent();
        CrossBackendTraining.AssertXorTracksCpu(gl.Backend);
        gl.AssertNoGlError();
    }
}
