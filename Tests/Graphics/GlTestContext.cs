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

    public void Dispose()
    {
        Context.MakeCurrent();
        Backend.Dispose();
        Context.Dispose();
    }
}
