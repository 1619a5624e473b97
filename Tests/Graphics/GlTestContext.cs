using Myelin.Graphics;

namespace Myelin.Tests.Graphics;

/// <summary>
/// One headless context and compute backend per test fixture. Each test calls <see cref="MakeCurrent"/>
/// in its SetUp, since NUnit may run fixtures on different threads.
/// </summary>
internal sealed class GlTestContext : IDisposable
{
    public GlTestContext()
    {
        Context = new EglContext();
        Backend = new GlComputeBackend(Context);
    }

    public EglContext Context { get; }

    public GlComputeBackend Backend { get; }

    public void MakeCurrent() => Context.MakeCurrent();

    /// <summary>GL reports errors only when asked: every test ends by asking.</summary>
    public void AssertNoGlError() =>
        NUnit.Framework.Assert.That(Context.Gl.GetError(), NUnit.Framework.Is.EqualTo(Silk.NET.OpenGL.GLEnum.NoError), "glGetError after the test");

    public void Dispose()
    {
        Context.MakeCurrent();
        Backend.Dispose();
        Context.Dispose();
    }
}
