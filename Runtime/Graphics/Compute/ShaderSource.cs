using System.Reflection;
using System.Text;
using Myelin.Backends;

namespace Myelin.Graphics;

/// <summary>
/// Reads the shaders embedded from Shaders/ and assembles compute sources: the file's #version
/// line, then the enum constants and the shared Scalar.glsl, then the rest of the file under a
/// #line directive so driver logs point at the file's own lines.
/// </summary>
public static class ShaderSource
{
    private static readonly Lazy<string> s_prelude = new(BuildPrelude);

    /// <summary>The text of embedded shader <paramref name="path"/> (e.g. "Compute/MatMul.comp").</summary>
    /// <exception cref="FileNotFoundException">No such shader is embedded.</exception>
    public static string Read(string path)
    {
        var assembly = typeof(ShaderSource).Assembly;
        using var stream = assembly.GetManifestResourceStream("Shaders/" + path)
            ?? throw new FileNotFoundException($"Shader 'Shaders/{path}' is not embedded in {assembly.GetName().Name}.", path);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A compute source ready to compile: <paramref name="text"/> with the shared prelude inserted
    /// after its #version line, and <c>#define SPECIALIZED_KIND k</c> first when
    /// <paramref name="kind"/> is given (shaders whose element-wise function is fixed per program).
    /// </summary>
    public static string Compose(string text, int? kind = null)
    {
        var define = kind is { } k ? $"#define SPECIALIZED_KIND {k}\n" : "";
        return InsertAfterVersion(text, define + s_prelude.Value)
            ?? throw new ArgumentException("A compute shader must start with its #version line.", nameof(text));
    }

    /// <summary>
    /// Loads, composes and compiles embedded compute shader <c>Compute/{name}.comp</c>, specialised
    /// for element-wise kind <paramref name="kind"/> when given (see <see cref="Compose"/>).
    /// </summary>
    public static ComputeProgram LoadCompute(Silk.NET.OpenGL.GL gl, string name, int? kind = null)
    {
        var path = $"Compute/{name}.comp";
        return new ComputeProgram(gl, kind is { } k ? $"{path} (kind {k})" : path, Compose(Read(path), kind));
    }

    /// <summary>Loads and links embedded render shaders <c>Render/{name}.vert</c> and <c>Render/{name}.frag</c>.</summary>
    public static ShaderProgram LoadRender(Silk.NET.OpenGL.GL gl, string name) =>
        new(gl, $"Render/{name}", Read($"Render/{name}.vert"), Read($"Render/{name}.frag"));

    /// <summary>
    /// Loads and links embedded render shaders with <c>#define <paramref name="define"/> <paramref name="value"/></c>
    /// inserted after the fragment shader's #version line (its log line numbers stay the file's).
    /// </summary>
    public static ShaderProgram LoadRender(Silk.NET.OpenGL.GL gl, string name, string define, int value)
    {
        var fragment = InsertAfterVersion(Read($"Render/{name}.frag"), $"#define {define} {value}\n")
            ?? throw new InvalidDataException($"Shader 'Render/{name}.frag' must start with its #version line.");
        return new(gl, $"Render/{name} ({define} {value})", Read($"Render/{name}.vert"), fragment);
    }

    // text's #version line, then insert, then "#line 2" so driver logs keep the file's line numbers,
    // then the rest of text; null when text does not start with a #version line.
    private static string? InsertAfterVersion(string text, string insert)
    {
        var newline = text.IndexOf('\n');
        if (!text.StartsWith("#version", StringComparison.Ordinal) || newline < 0) return null;
        return string.Concat(text.AsSpan(0, newline + 1), insert, "#line 2\n", text.AsSpan(newline + 1));
    }

    private static string BuildPrelude()
    {
        var text = new StringBuilder();
        // Generated from the C# enums so the GLSL switch labels can never drift from them.
        foreach (var kind in Enum.GetValues<UnaryKind>()) text.Append($"const int Unary{kind} = {(int)kind};\n");
        foreach (var kind in Enum.GetValues<BinaryKind>()) text.Append($"const int Binary{kind} = {(int)kind};\n");
        text.Append(Read("Compute/Scalar.glsl"));
        text.Append('\n');
        return text.ToString();
    }
}
