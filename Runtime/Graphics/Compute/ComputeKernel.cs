namespace Myelin.Graphics;

/// <summary>
/// One loaded primitive: its program with the locations and sizes of the parameter arrays
/// (uInts, uFloats) resolved at load, so a dispatch touches no dictionary or driver query.
/// </summary>
internal sealed class ComputeKernel(ComputeProgram program)
{
    public ComputeProgram Program { get; } = program;
    public int IntsLocation { get; } = program.Uniform("uInts");
    public int IntsSize { get; } = program.UniformSize("uInts");
    public int FloatsLocation { get; } = program.Uniform("uFloats");
    public int FloatsSize { get; } = program.UniformSize("uFloats");
    public int LocalX { get; } = program.LocalSize.X;
    public int LocalY { get; } = program.LocalSize.Y;
}
