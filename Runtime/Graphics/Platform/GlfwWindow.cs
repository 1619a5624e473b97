using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace Myelin.Graphics.Platform;

/// <summary>
/// A window with an OpenGL 4.5 core context from Debian's GLFW 3.3. Input arrives as
/// <see cref="InputEvent"/>s in <see cref="Events"/>, drained by the frame loop.
/// </summary>
public sealed unsafe class GlfwWindow : IGlContext
{
    private static readonly Dictionary<nint, GlfwWindow> s_windows = [];
    private readonly nint _handle;
    private double _scaleX = 1, _scaleY = 1;
    private float _mouseX, _mouseY;
    private bool _disposed;

    /// <summary>Opens a window; throws <see cref="PlatformException"/> with the fix when GLFW or the display is missing.</summary>
    public GlfwWindow(string title, int width, int height, bool vsync = true)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            throw new PlatformException("No display: DISPLAY is not set. Run with --headless, or under Xvfb: xvfb-run -a -s \"-screen 0 1280x720x24\" ./myelin ...");
        try
        {
            if (GlfwNative.Init() != GlfwNative.True)
                throw new PlatformException($"GLFW could not start ({GlfwNative.LastError() ?? "no reason given"}). Is the display reachable? Try --headless.");
        }
        catch (DllNotFoundException e)
        {
            throw new PlatformException("libglfw.so.3 is missing: apt-get install libglfw3 (or run with --headless).", e);
        }
        GlfwNative.WindowHint(GlfwNative.ContextVersionMajor, 4);
        GlfwNative.WindowHint(GlfwNative.ContextVersionMinor, 5);
        GlfwNative.WindowHint(GlfwNative.OpenGlProfile, GlfwNative.OpenGlCoreProfile);
        GlfwNative.WindowHint(GlfwNative.OpenGlForwardCompat, GlfwNative.True);
        GlfwNative.WindowHint(GlfwNative.Resizable, GlfwNative.True);
        _handle = GlfwNative.CreateWindow(width, height, title, 0, 0);
        if (_handle == 0)
        {
            var reason = GlfwNative.LastError();
            GlfwNative.Terminate();
            throw new PlatformException($"Could not open an OpenGL 4.5 core window ({reason ?? "no reason given"}). The driver must support GL 4.5 (Mesa's llvmpipe does).");
        }
        s_windows[_handle] = this;
        GlfwNative.MakeContextCurrent(_handle);
        GlfwNative.SwapInterval(vsync ? 1 : 0);
        Gl = GL.GetApi(name => GlfwNative.GetProcAddress(name));
        GlfwNative.SetCursorPosCallback(_handle, &OnCursor);
        GlfwNative.SetMouseButtonCallback(_handle, &OnMouseButton);
        GlfwNative.SetKeyCallback(_handle, &OnKey);
        GlfwNative.SetScrollCallback(_handle, &OnScroll);
        UpdateScale();
    }

    /// <summary>The GL API bound to this window's context.</summary>
    public GL Gl { get; }

    /// <summary>Input events since the last drain, in framebuffer pixels.</summary>
    public Queue<InputEvent> Events { get; } = new();

    /// <summary>True once the user asked to close the window.</summary>
    public bool ShouldClose => GlfwNative.WindowShouldClose(_handle) != 0;

    /// <summary>Asks the window to close at the end of the frame.</summary>
    public void Close() => GlfwNative.SetWindowShouldClose(_handle, 1);

    /// <summary>Framebuffer size in pixels.</summary>
    public (int Width, int Height) FramebufferSize
    {
        get
        {
            GlfwNative.GetFramebufferSize(_handle, out var w, out var h);
            return (w, h);
        }
    }

    /// <summary>Sets the title bar text.</summary>
    public void SetTitle(string title) => GlfwNative.SetWindowTitle(_handle, title);

    /// <summary>Makes this window's context current on the calling thread.</summary>
    public void MakeCurrent() => GlfwNative.MakeContextCurrent(_handle);

    /// <summary>Processes pending window-system events (fills <see cref="Events"/>).</summary>
    public void PollEvents()
    {
        GlfwNative.PollEvents();
        UpdateScale();
    }

    /// <inheritdoc />
    public bool IsCurrent => !_disposed && GlfwNative.GetCurrentContext() == _handle;

    /// <summary>Shows the frame just drawn.</summary>
    public void SwapBuffers() => GlfwNative.SwapBuffers(_handle);

    private void UpdateScale()
    {
        GlfwNative.GetWindowSize(_handle, out var ww, out var wh);
        GlfwNative.GetFramebufferSize(_handle, out var fw, out var fh);
        _scaleX = ww > 0 ? (double)fw / ww : 1;
        _scaleY = wh > 0 ? (double)fh / wh : 1;
    }

    /// <summary>Closes the window and releases GLFW.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        s_windows.Remove(_handle);
        GlfwNative.DestroyWindow(_handle);
        GlfwNative.Terminate();
    }

    private static GlfwWindow? Find(nint handle) => s_windows.GetValueOrDefault(handle);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnCursor(nint handle, double x, double y)
    {
        if (Find(handle) is not { } w) return;
        w._mouseX = (float)(x * w._scaleX);
        w._mouseY = (float)(y * w._scaleY);
        w.Events.Enqueue(new InputEvent(InputKind.MouseMove, w._mouseX, w._mouseY));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMouseButton(nint handle, int button, int action, int mods)
    {
        if (Find(handle) is not { } w) return;
        var kind = action == GlfwNative.Press ? InputKind.MouseDown : InputKind.MouseUp;
        w.Events.Enqueue(new InputEvent(kind, w._mouseX, w._mouseY, button));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnKey(nint handle, int key, int scancode, int action, int mods)
    {
        if (Find(handle) is not { } w || action == GlfwNative.Repeat) return;
        w.Events.Enqueue(new InputEvent(action == GlfwNative.Press ? InputKind.KeyDown : InputKind.KeyUp, Key: key));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnScroll(nint handle, double dx, double dy)
    {
        if (Find(handle) is { } w) w.Events.Enqueue(new InputEvent(InputKind.Scroll, (float)dx, (float)dy));
    }
}
