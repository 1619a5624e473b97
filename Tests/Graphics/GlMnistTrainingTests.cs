using Myelin.Tests.Core.Training;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>End-to-end on the GL compute backend (Mesa llvmpipe in CI): an MNIST MLP trains like on the CPU.</summary>
public class GlMnistTrainingTests
{
    [Test]
    public void MnistMlpTracksTheCpuBackend()
    {
        using var gl = new GlTestContext();
        gl.MakeCurrent();
        CrossBackendTraining.AssertMnistMlpTracksCpu(gl.Backend);
        gl.AssertNoGlError();
    }
}
