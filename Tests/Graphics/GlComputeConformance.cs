using Myelin.Backends;
using Myelin.Tests.Core.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>
/// The GLSL compute backend against the spec, on Mesa llvmpipe through a headless EGL context.
/// llvmpipe runs at only 0.3-2.6 GFLOP/s, yet the full-size suite fits the time budget.
/// </summary>
[TestFixture]
public sealed class GlComputeConformance : BackendConformance
{
    private GlTestContext _gl = null!;

    /// <inheritdoc />
    protected override IBackend Backend => _gl.Backend;

    // Full sizes (1025, 45x65, the 1..70 tail sweep) take ~25 s on llvmpipe: within the test budget, so no SmallShapesOnly.

    /// <inheritdoc />
    protected override bool BadLabelThrows => false;

    [OneTimeSetUp] public void CreateContext() => _gl = new GlTestContext();
    [OneTimeTearDown] public void DestroyContext() => _gl.Dispose();
    [SetUp] public void MakeCurrent() => _gl.MakeCurrent();
    [TearDown] public void NoGlError() => _gl.AssertNoGlError();
}
