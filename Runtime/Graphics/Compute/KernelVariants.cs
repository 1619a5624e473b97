using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// One compute shader compiled once per element-wise kind (a <see cref="Backends.UnaryKind"/> or
/// <see cref="Backends.BinaryKind"/>), each on first use. The kind is then a compile-time constant
/// (<c>SPECIALIZED_KIND</c>), so the driver folds the shared switch over every function: Mesa's
/// llvmpipe otherwise evaluates all of its cases under lane masks, about 10× slower per element.
/// The first variant is compiled at construction, so a broken shader fails when the backend is made.
/// </summary>
internal sealed class KernelVariants : IDisposable
{
    private readonly GL _gl;
    private readonly string _name;
    private readonly ComputeKernel?[] _kernels;

    public KernelVariants(GL gl, string name, int kinds)
    {
        _gl = gl;
        _name = name;
        _kernels = new ComputeKernel?[kinds];
        _ = this[0];
    }

    /// <summary>The program specialised for <paramref name="kind"/>, compiled now if it is the first use.</summary>
    public ComputeKernel this[int kind] => _kernels[kind] ??= new ComputeKernel(ShaderSource.LoadCompute(_gl, _name, kind));

    public void Dispose()
    {
        for (var i = 0; i < _kernels.Length; i++)
        {
            _kernels[i]?.Program.Dispose();
            _kernels[i] = null;
        }
    }
}
