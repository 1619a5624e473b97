using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>Compiling and linking GLSL, shared by <see cref="ComputeProgram"/> and <see cref="ShaderProgram"/>: failures throw with the driver's log.</summary>
internal static class GlslBuild
{
    /// <summary>Compiles one shader stage; on failure deletes it and throws naming <paramref name="what"/>.</summary>
    public static uint Compile(GL gl, ShaderType type, string source, string what)
    {
        var shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out var compiled);
        if (compiled != 0) return shader;
        var log = gl.GetShaderInfoLog(shader);
        gl.DeleteShader(shader);
        throw new InvalidOperationException($"{what} failed to compile:\n{log}");
    }

    /// <summary>Links compiled stages into a program, then deletes the stages; on failure throws naming <paramref name="what"/>.</summary>
    public static uint Link(GL gl, string what, params ReadOnlySpan<uint> shaders)
    {
        var program = gl.CreateProgram();
        try
        {
            foreach (var s in shaders) gl.AttachShader(program, s);
            gl.LinkProgram(program);
            foreach (var s in shaders) gl.DetachShader(program, s);
            gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out var linked);
            if (linked != 0) return program;
            var log = gl.GetProgramInfoLog(program);
            gl.DeleteProgram(program);
            throw new InvalidOperationException($"{what} failed to link:\n{log}");
        }
        finally
        {
            foreach (var s in shaders) gl.DeleteShader(s);
        }
    }
}
