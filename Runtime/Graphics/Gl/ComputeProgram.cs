using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A linked compute shader program: one GL handle. Compiled once at load; every active uniform's
/// location is looked up then and kept, so dispatching never queries the driver.
/// </summary>
public sealed class ComputeProgram : IDisposable
{
    private readonly GL _gl;
    private readonly Dictionary<string, (int Location, int Size)> _uniforms = new(StringComparer.Ordinal);

    /// <summary>Compiles and links <paramref name="source"/>.</summary>
    /// <param name="gl">The current context's GL.</param>
    /// <param name="name">Shader name for error messages (e.g. "Compute/MatMul.comp").</param>
    /// <param name="source">Complete GLSL source, starting with #version.</param>
    /// <exception cref="InvalidOperationException">Compilation or linking failed; the message holds the driver's log.</exception>
    public ComputeProgram(GL gl, string name, string source)
    {
        _gl = gl;
        Name = name;
        var what = $"Compute shader '{name}'";
        Handle = GlslBuild.Link(gl, what, GlslBuild.Compile(gl, ShaderType.ComputeShader, source, what));
        LoadUniforms();
    }

    /// <summary>The GL program name.</summary>
    public uint Handle { get; private set; }

    /// <summary>The shader's name, for messages.</summary>
    public string Name { get; }

    /// <summary>
    /// Location of uniform <paramref name="uniform"/> (arrays by their bare name), or -1 when the
    /// program has no such active uniform (GL ignores writes to -1). A cached dictionary read.
    /// </summary>
    public int Uniform(string uniform) => _uniforms.TryGetValue(uniform, out var u) ? u.Location : -1;

    /// <summary>Active element count of uniform <paramref name="uniform"/> (0 when inactive; drivers trim unused array tails).</summary>
    public int UniformSize(string uniform) => _uniforms.TryGetValue(uniform, out var u) ? u.Size : 0;

    /// <summary>The work-group size declared by the shader's layout(local_size_*).</summary>
    public (int X, int Y, int Z) LocalSize { get; private set; }

    /// <summary>Makes this program current.</summary>
    public void Use()
    {
        ObjectDisposedException.ThrowIf(Handle == 0, this);
        _gl.UseProgram(Handle);
    }

    /// <summary>Deletes the GL program.</summary>
    public void Dispose()
    {
        if (Handle == 0) return;
        _gl.DeleteProgram(Handle);
        Handle = 0;
    }

    private unsafe void LoadUniforms()
    {
        var size = stackalloc int[3];
        _gl.GetProgram(Handle, ProgramPropertyARB.ComputeWorkGroupSize, size);
        LocalSize = (size[0], size[1], size[2]);
        _gl.GetProgram(Handle, ProgramPropertyARB.ActiveUniforms, out var count);
        for (uint i = 0; i < count; i++)
        {
            var name = _gl.GetActiveUniform(Handle, i, out var elements, out _);
            var location = _gl.GetUniformLocation(Handle, name);
            if (name.EndsWith("[0]", StringComparison.Ordinal)) name = name[..^3];
            _uniforms[name] = (location, elements);
        }
    }
}
