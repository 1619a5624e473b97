using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Myelin.Gpu;

/// <summary>
/// Maps the names ILGPU asks for (<c>cuda</c>, <c>nvcuda</c>) to the driver's real file on Linux,
/// <c>libcuda.so.1</c>: the unversioned <c>libcuda.so</c> exists only with development packages.
/// Hooks <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>, which runs only after normal
/// probing fails and, unlike SetDllImportResolver, cannot clash with a resolver ILGPU installs itself.
/// </summary>
internal static class CudaLibraryResolver
{
    private static int s_registered;

    /// <summary>Registers the hook once per process; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) != 0) return;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        if (!OperatingSystem.IsLinux()) return IntPtr.Zero;
        if (name is not ("cuda" or "nvcuda" or "libcuda" or "libcuda.so" or "nvcuda.dll")) return IntPtr.Zero;
        return NativeLibrary.TryLoad("libcuda.so.1", out var handle) ? handle : IntPtr.Zero;
    }
}
