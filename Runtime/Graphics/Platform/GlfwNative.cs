using System.Runtime.InteropServices;

namespace Myelin.Graphics.Platform;

/// <summary>
/// The slice of GLFW 3.3 Myelin uses, by P/Invoke to Debian's libglfw3 (<c>libglfw.so.3</c>).
/// Callbacks are unmanaged function pointers so the garbage collector can never collect them.
/// </summary>
internal static unsafe partial class GlfwNative
{
    private const string Lib = "libglfw.so.3";

    public const int True = 1;
    public const int ContextVersionMajor = 0x00022002;
    public const int ContextVersionMinor = 0x00022003;
    public const int OpenGlProfile = 0x00022008;
    public const int OpenGlCoreProfile = 0x00032001;
    public const int OpenGlForwardCompat = 0x00022006;
    public const int Resizable = 0x00020003;
    public const int Visible = 0x00020004;
    public const int Samples = 0x0002100D;
    public const int Press = 1;
    public const int Release = 0;
    public const int Repeat = 2;

    [LibraryImport(Lib, EntryPoint = "glfwInit")] public static partial int Init();
    [LibraryImport(Lib, EntryPoint = "glfwTerminate")] public static partial void Terminate();
    [LibraryImport(Lib, EntryPoint = "glfwWindowHint")] public static partial void WindowHint(int hint, int value);
    [LibraryImport(Lib, EntryPoint = "glfwCreateWindow", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint CreateWindow(int width, int height, string title, nint monitor, nint share);
    [LibraryImport(Lib, EntryPoint = "glfwDestroyWindow")] public static partial void DestroyWindow(nint window);
    [LibraryImport(Lib, EntryPoint = "glfwMakeContextCurrent")] public static partial void MakeContextCurrent(nint window);
    [LibraryImport(Lib, EntryPoint = "glfwGetCurrentContext")] public static partial nint GetCurrentContext();
    [LibraryImport(Lib, EntryPoint = "glfwGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);
    [LibraryImport(Lib, EntryPoint = "glfwSwapBuffers")] public static partial void SwapBuffers(nint window);
    [LibraryImport(Lib, EntryPoint = "glfwSwapInterval")] public static partial void SwapInterval(int interval);
    [LibraryImport(Lib, EntryPoint = "glfwPollEvents")] public static partial void PollEvents();
    [LibraryImport(Lib, EntryPoint = "glfwWindowShouldClose")] public static partial int WindowShouldClose(nint window);
    [LibraryImport(Lib, EntryPoint = "glfwSetWindowShouldClose")] public static partial void SetWindowShouldClose(nint window, int value);
    [LibraryImport(Lib, EntryPoint = "glfwGetFramebufferSize")] public static partial void GetFramebufferSize(nint window, out int width, out int height);
    [LibraryImport(Lib, EntryPoint = "glfwGetWindowSize")] public static partial void GetWindowSize(nint window, out int width, out int height);
    [LibraryImport(Lib, EntryPoint = "glfwSetWindowTitle", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void SetWindowTitle(nint window, string title);
    [LibraryImport(Lib, EntryPoint = "glfwGetTime")] public static partial double GetTime();
    [LibraryImport(Lib, EntryPoint = "glfwGetError")] public static partial int GetError(out nint description);

    [LibraryImport(Lib, EntryPoint = "glfwSetCursorPosCallback")]
    public static partial nint SetCursorPosCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);
    [LibraryImport(Lib, EntryPoint = "glfwSetMouseButtonCallback")]
    public static partial nint SetMouseButtonCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, void> callback);
    [LibraryImport(Lib, EntryPoint = "glfwSetKeyCallback")]
    public static partial nint SetKeyCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, int, int, void> callback);
    [LibraryImport(Lib, EntryPoint = "glfwSetScrollCallback")]
    public static partial nint SetScrollCallback(nint window, delegate* unmanaged[Cdecl]<nint, double, double, void> callback);
    [LibraryImport(Lib, EntryPoint = "glfwSetFramebufferSizeCallback")]
    public static partial nint SetFramebufferSizeCallback(nint window, delegate* unmanaged[Cdecl]<nint, int, int, void> callback);

    /// <summary>GLFW's last error as text, or null.</summary>
    public static string? LastError()
    {
        var code = GetError(out var description);
        return code == 0 ? null : $"GLFW error 0x{code:X}: {Marshal.PtrToStringUTF8(description)}";
    }
}
