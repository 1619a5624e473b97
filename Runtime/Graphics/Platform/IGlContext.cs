using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// An OpenGL 4.5 core context, headless (EGL) or windowed (GLFW). Backends and render helpers take
/// one of these, so the same code runs with or without a window. GL calls need the context current
/// on the calling thread.
/// </summary>
public interface IGlContext : IDisposable
{
    /// <summary>The GL entry points of this context.</summary>
    GL Gl { get; }

    /// <summary>Makes the context current on the calling thread.</summary>
    void MakeCurrent();

    /// <summary>Whether this context is current on the calling thread (GL calls without one fail silently).</summary>
    bool IsCurrent { get; }
}
