using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// A linked vertex + fragment program: one GL handle. Every active uniform's location is looked up
/// once at load and kept, so drawing never queries the driver.
/// </summary>
public sealed class ShaderProgram : IDisposable
{
    private readonly GL _gl;
    private readonly Dictionary<string, int> _uniforms = new(StringComparer.Ordinal);

    /// <summary>Compiles and links a program.</summary>
    /// <param name="gl">The current context's GL.</param>
    /// <param name="name">Shader name for error messages (e.g. "Render/Batch2D").</param>
    /// <param name="vertexSource">Vertex shader GLSL, starting with #version.</param>
    /// <param name="fragmentSource">Fragment shader GLSL, starting with #version.</param>
    /// <exception cref="InvalidOperationException">Compilation or linking failed; the message holds the driver's log and the shader name.</exception>
    public ShaderProgram(GL gl, string name, string vertexSource, string fragmentSource)
    {
        _gl = gl;
        Name = name;
        var vertex = GlslBuild.Compile(gl, ShaderType.VertexShader, vertexSource, $"Shader '{name}.vert'");
        uint fragment;
        try { fragment = GlslBuild.Compile(gl, ShaderType.FragmentShader, fragmentSource, $"Shader '{name}.frag'"); }
        catch
        {
            gl.DeleteShader(vertex);
            throw;
        }
        Handle = GlslBuild.Link(gl, $"Shader program '{name}'", vertex, fragment);
        LoadUniforms();
    }

    /// <summary>The GL program name.</summary>
    public uint Handle { get; private set; }

    /// <summary>The program's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Location of active uniform <paramref name="uniform"/>, or -1 (GL ignores writes to -1). A cached dictionary read.</summary>
    public int Uniform(string uniform) => _uniforms.TryGetValue(uniform, out var location) ? location : -1;

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

    private void LoadUniforms()
    {
        _gl.GetProgram(Handle, ProgramPropertyARB.ActiveUniforms, out var count);
        for (uint i = 0; i < count; i++)
        {
            var name = _gl.GetActiveUniform(Handle, i, out _, out _);
            var location = _gl.GetUniformLocation(Handle, name);
            if (name.EndsWith("[0]", StringComparison.Ordinal)) name = name[..^3];
            _uniforms[name] = location;
        }
    }
}
