using Silk.NET.OpenGL;

namespace Myelin.Graphics;

/// <summary>
/// Copies a grid of values from a GL compute tensor into an R32F texture on the GPU (no readback):
/// texel (x, y) = grid[(y·width + x)·channels + channel]. For drawing a network's output over a
/// plane (a decision boundary) straight from the buffer it was computed in.
/// </summary>
public sealed class GridToTexture : IDisposable
{
    private readonly GlComputeBackend _backend;
    private readonly ComputeKernel _kernel;
    private readonly int _target;

    /// <summary>Compiles the copy shader once for <paramref name="backend"/>'s context.</summary>
    public GridToTexture(GlComputeBackend backend)
    {
        _backend = backend;
        _kernel = new ComputeKernel(ShaderSource.LoadCompute(backend.Gl, "GridToTexture"));
        _target = _kernel.Program.Uniform("uTarget");
    }

    /// <summary>
    /// Writes channel <paramref name="channel"/> of <paramref name="grid"/> — (H·W, channels) or (H·W)
    /// row-major, row 0 at texel row 0 — into <paramref name="texture"/> (R32F, W×H), then makes it
    /// visible to texture fetches and image loads.
    /// </summary>
    public unsafe void Copy(Tensor grid, Texture2D texture, int channel = 0)
    {
        if (texture.Format != SizedInternalFormat.R32f)
            throw new ArgumentException($"GridToTexture writes R32F textures; this one is {texture.Format}.", nameof(texture));
        var channels = grid.Rank >= 2 ? grid.Shape.Columns : 1;
        if (grid.Length != texture.Width * texture.Height * channels || channel < 0 || channel >= channels)
            throw new ArgumentException($"Grid {grid.Shape} does not hold channel {channel} of a {texture.Width}x{texture.Height} texture.", nameof(grid));
        var gl = _backend.Gl;
        var program = _kernel.Program;
        program.Use();
        Span<int> ints = [texture.Width, texture.Height, channels, channel];
        fixed (int* p = ints) gl.ProgramUniform1(program.Handle, _kernel.IntsLocation, (uint)Math.Min(4, _kernel.IntsSize), p);
        gl.ProgramUniform1(program.Handle, _target, 0);
        gl.BindBufferBase(BufferTargetARB.ShaderStorageBuffer, 0, _backend.BufferOf(grid));
        gl.BindImageTexture(0, texture.Handle, 0, false, 0, BufferAccessARB.WriteOnly, InternalFormat.R32f);
        gl.DispatchCompute((uint)((texture.Width + _kernel.LocalX - 1) / _kernel.LocalX), (uint)((texture.Height + _kernel.LocalY - 1) / _kernel.LocalY), 1);
        gl.MemoryBarrier(MemoryBarrierMask.TextureFetchBarrierBit | MemoryBarrierMask.ShaderImageAccessBarrierBit | MemoryBarrierMask.TextureUpdateBarrierBit);
    }

    /// <summary>Deletes the program.</summary>
    public void Dispose() => _kernel.Program.Dispose();
}
