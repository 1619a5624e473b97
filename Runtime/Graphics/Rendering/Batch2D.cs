using System.Numerics;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace Myelin.Graphics.Rendering;

/// <summary>
/// Draws 2-D shapes, images, heatmaps and text in pixel coordinates (origin top-left, y down).
/// Calls only append vertices to a CPU array; <see cref="Flush"/> (or <see cref="End"/>) uploads them
/// once into one vertex buffer, grown when needed and reused, and issues one draw call per run of
/// primitives that share a texture. Untextured primitives never break a run. One shader draws
/// everything, in three builds — shapes only; with images and text; with colour maps — and each run
/// uses the cheapest that covers its modes (see Batch2D.frag); anti-aliasing
/// is done in the fragment shader, so no multisampling is needed.
/// <para>Load once, then per frame: <see cref="Begin"/>, draw calls, <see cref="End"/>. Allocates nothing in steady state.</para>
/// </summary>
public sealed partial class Batch2D : IDisposable
{
    private const int QuadVertices = 6;

    private readonly GL _gl;
    // Programs by what a run needs (bit m set: the run draws Mode m): shapes only; shapes, images and
    // text; everything (heatmaps' colour maps, the unspecialised build).
    private const int ShapeModes = 1 << (int)Mode.Solid | 1 << (int)Mode.Circle | 1 << (int)Mode.Line | 1 << (int)Mode.RoundedRect;
    private const int TexturedModes = ShapeModes | 1 << (int)Mode.Texture | 1 << (int)Mode.Text;
    private readonly ShaderProgram _shapes, _textured, _all;
    private readonly VertexBuffer _buffer;
    private readonly VertexArray _array;
    private readonly Texture2D _ramp;
    private Vertex[] _vertices;
    private Run[] _runs = new Run[64];
    private int _vertexCount;
    private int _runCount;
    private int _width = 1, _height = 1;

    /// <summary>Compiles the shader and makes a vertex buffer for <paramref name="initialQuads"/> quads (it grows when a frame needs more).</summary>
    public Batch2D(GL gl, int initialQuads = 8192)
    {
        _gl = gl;
        _vertices = new Vertex[initialQuads * QuadVertices];
        // All three compiled now: a broken shader fails here, and no frame ever compiles one.
        _all = ShaderSource.LoadRender(gl, "Batch2D");
        _textured = ShaderSource.LoadRender(gl, "Batch2D", "MODES", TexturedModes);
        _shapes = ShaderSource.LoadRender(gl, "Batch2D", "MODES", ShapeModes);
        var stride = Marshal.SizeOf<Vertex>();
        _buffer = new VertexBuffer(gl, _vertices.Length * stride);
        _array = new VertexArray(gl, _buffer, stride);
        _array.Attribute(0, 2, VertexAttribType.Float, 0);
        _array.Attribute(1, 2, VertexAttribType.Float, 8);
        _array.Attribute(2, 4, VertexAttribType.UnsignedByte, 16, normalized: true);
        _array.Attribute(3, 4, VertexAttribType.Float, 20);
        // 0..1 across, linearly filtered: drawn through a colour map it is that map's legend.
        _ramp = new Texture2D(gl, 256, 1, SizedInternalFormat.R32f);
        Span<float> ramp = stackalloc float[256];
        for (var i = 0; i < ramp.Length; i++) ramp[i] = i / 255f;
        _ramp.Upload<float>(ramp, PixelFormat.Red, PixelType.Float);
        _ramp.SetLinearFiltering(true);
    }

    /// <summary>Draw calls issued since <see cref="Begin"/>.</summary>
    public int DrawCalls { get; private set; }

    /// <summary>Draw calls the previous frame took in all (for on-screen stats; <see cref="DrawCalls"/> is still counting).</summary>
    public int PreviousFrameDrawCalls { get; private set; }

    /// <summary>Quads drawn since <see cref="Begin"/>.</summary>
    public int Quads { get; private set; }

    /// <summary>Width of the target in pixels, as given to <see cref="Begin"/>.</summary>
    public int Width => _width;

    /// <summary>Height of the target in pixels, as given to <see cref="Begin"/>.</summary>
    public int Height => _height;

    /// <summary>Starts a frame on a <paramref name="width"/>×<paramref name="height"/> target (the bound framebuffer).</summary>
    public void Begin(int width, int height)
    {
        _width = Math.Max(1, width);
        _height = Math.Max(1, height);
        _vertexCount = 0;
        _runCount = 0;
        PreviousFrameDrawCalls = DrawCalls;
        DrawCalls = 0;
        Quads = 0;
    }

    /// <summary>Draws everything batched so far; call before drawing with GL directly, and at the end of the frame.</summary>
    public unsafe void Flush()
    {
        if (_vertexCount == 0) return;
        _buffer.Write<Vertex>(_vertices.AsSpan(0, _vertexCount));
        _array.Bind();
        _gl.Disable(EnableCap.DepthTest);
        _gl.Disable(EnableCap.CullFace);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        ShaderProgram? current = null;
        for (var i = 0; i < _runCount; i++)
        {
            ref readonly var run = ref _runs[i];
            var end = i + 1 < _runCount ? _runs[i + 1].First : _vertexCount;
            if (end <= run.First) continue;
            var program = ProgramFor(run.Modes);
            if (program != current)
            {
                program.Use();
                _gl.Uniform2(program.Uniform("uViewport"), (float)_width, (float)_height);
                _gl.Uniform1(program.Uniform("uTexture"), 0);
                current = program;
            }
            _gl.BindTextureUnit(0, run.Texture);
            _gl.DrawArrays(PrimitiveType.Triangles, run.First, (uint)(end - run.First));
            DrawCalls++;
        }
        _vertexCount = 0;
        _runCount = 0;
    }

    /// <summary>Ends the frame: same as <see cref="Flush"/>.</summary>
    public void End() => Flush();

    /// <summary>Deletes the GL objects.</summary>
    public void Dispose()
    {
        _ramp.Dispose();
        _array.Dispose();
        _buffer.Dispose();
        _shapes.Dispose();
        _textured.Dispose();
        _all.Dispose();
    }

    // The cheapest program that draws every mode in the bit set.
    private ShaderProgram ProgramFor(int modes) =>
        (modes & ~ShapeModes) == 0 ? _shapes : (modes & ~TexturedModes) == 0 ? _textured : _all;

    // Starts a new run when the texture changes; texture 0 means "samples nothing" and joins any run.
    private void UseTexture(uint texture)
    {
        if (_runCount > 0)
        {
            ref var last = ref _runs[_runCount - 1];
            if (texture == 0 || last.Texture == texture) return;
            if (last.Texture == 0) { last.Texture = texture; return; }
        }
        if (_runCount == _runs.Length) Array.Resize(ref _runs, _runs.Length * 2);
        _runs[_runCount++] = new Run(texture, _vertexCount, 0);
    }

    // Appends a quad: corners p0..p3 clockwise from top-left with per-corner coords; returns the index of its first vertex.
    private int Quad(Vector2 p0, Vector2 p1, Vector2 p2, Vector2 p3, Vector2 c0, Vector2 c1, Vector2 c2, Vector2 c3, Color32 color, Vector4 parameters, uint texture = 0)
    {
        UseTexture(texture);
        _runs[_runCount - 1].Modes |= 1 << (int)parameters.X;
        if (_vertexCount + QuadVertices > _vertices.Length) Array.Resize(ref _vertices, _vertices.Length * 2);
        var first = _vertexCount;
        var v = _vertices.AsSpan(first, QuadVertices);
        v[0] = new Vertex(p0, c0, color, parameters);
        v[1] = new Vertex(p1, c1, color, parameters);
        v[2] = new Vertex(p2, c2, color, parameters);
        v[3] = new Vertex(p0, c0, color, parameters);
        v[4] = new Vertex(p2, c2, color, parameters);
        v[5] = new Vertex(p3, c3, color, parameters);
        _vertexCount += QuadVertices;
        Quads++;
        return first;
    }

    private int AxisQuad(float x, float y, float w, float h, float u0, float v0, float u1, float v1, Color32 color, Vector4 parameters, uint texture = 0) =>
        Quad(new(x, y), new(x + w, y), new(x + w, y + h), new(x, y + h), new(u0, v0), new(u1, v0), new(u1, v1), new(u0, v1), color, parameters, texture);

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Vertex(Vector2 Position, Vector2 Coord, Color32 Color, Vector4 Parameters);

    private record struct Run(uint Texture, int First, int Modes);
}
