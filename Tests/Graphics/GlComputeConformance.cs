using Myelin.Backends;
using Myelin.Tests.Core.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>
/// The GLSL compute backend against the spec, on Mesa llvmpipe through a headless EGL context.
/// llvmpipe runs at 0.3-2.6 GFLOP/s, so the suite keeps to small shapes.
/// </summary>
[TestFixture]
public sealed class GlComputeConformance : BackendConformance
{
    private GlTestContext _gl = null!;

    /// <inheritdoc />
    protected override IBackend Backend => _gl.Backend;

    /// <inheritdoc />
    protected override bool SmallShapesOnly => true;

    /// <inheritdoc />
    protected override bool BadLabelThrows => false;

    [OneTimeSetUp] public void CreateContext() => _gl = new GlTestContext();
    [OneTimeTearDown] public void DestroyContext() => _gl.Dispose();
    [SetUp] public void MakeCurrent() => _gl.MakeCurrent();
}
