using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A headless OpenGL 4.5 core context through EGL's surfaceless platform (Mesa): no window, no
/// DISPLAY, no environment variables. Render into an <see cref="OffscreenFramebuffer"/>; compute works as is.
/// The context is made current on the creating thread.
/// </summary>
public sealed class EglContext : IGlContext
{
    private const string Fix = "Install Mesa's EGL: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri";

    private nint _display;
    private nint _context;

    /// <inheritdoc />
    public GL Gl { get; }

    /// <summary>Creates the context and makes it current.</summary>
    /// <exception cref="PlatformNotSupportedException">libEGL is missing or refuses a GL 4.5 core context; the message says how to fix it.</exception>
    public unsafe EglContext()
    {
        try
        {
            _display = Egl.GetPlatformDisplay(Egl.PlatformSurfacelessMesa, 0, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new PlatformNotSupportedException($"libEGL.so.1 could not be loaded ({e.Message}). {Fix}", e);
        }
        if (_display == 0) throw Failure("eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA) returned no display");
        if (Egl.Initialize(_display, out _, out _) == 0) throw Failure("eglInitialize failed");
        if (Egl.BindApi(Egl.OpenGlApi) == 0) throw Failure("eglBindAPI(EGL_OPENGL_API) failed");

        // Surfaceless offers pbuffer configs only (the default asks for windows); with none at all,
        // EGL_KHR_no_config_context accepts EGL_NO_CONFIG since we never create a surface.
        int* configAttribs = stackalloc int[] { Egl.SurfaceType, Egl.PbufferBit, Egl.RenderableType, Egl.OpenGlBit, Egl.None };
        nint config = 0;
        if (Egl.ChooseConfig(_display, configAttribs, &config, 1, out var count) == 0 || count == 0) config = 0;

        int* contextAttribs = stackalloc int[]
        {
            Egl.ContextMajorVersion, 4, Egl.ContextMinorVersion, 5,
            Egl.ContextOpenGlProfileMask, Egl.ContextOpenGlCoreProfileBit, Egl.None,
        };
        _context = Egl.CreateContext(_display, config, 0, contextAttribs);
        if (_context == 0) throw Failure("eglCreateContext(OpenGL 4.5 core) failed");
        MakeCurrent();
        Gl = GL.GetApi(name => Egl.GetProcAddress(name));
    }

    /// <summary>The GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".</summary>
    public string Renderer => Gl.GetStringS(StringName.Renderer);

    /// <inheritdoc />
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        if (Egl.MakeCurrent(_display, 0, 0, _context) == 0) throw Failure("eglMakeCurrent(EGL_NO_SURFACE) failed");
    }

    /// <inheritdoc />
    public bool IsCurrent => _context != 0 && Egl.GetCurrentContext() == _context;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_display == 0) return;
        Egl.MakeCurrent(_display, 0, 0, 0);
        if (_context != 0) Egl.DestroyContext(_display, _context);
        Egl.Terminate(_display);
        _context = 0;
        _display = 0;
    }

    private PlatformNotSupportedException Failure(string what)
    {
        var error = Egl.GetError();
        Dispose();
        return new PlatformNotSupportedException($"{what} (EGL error 0x{error:X4}). {Fix}");
    }
}
