using Myelin.Backends;

namespace Myelin.Autograd;

/// <summary>
/// One recorded op on a <see cref="Tape"/>: its forward ran when it was recorded; <see cref="Backward"/>
/// adds the gradient of its output into its inputs' gradients. Nodes are pooled by tape position
/// and own their output tensor, so a repeated step reuses both and allocates nothing.
/// </summary>
public abstract class Node
{
    /// <summary>The tensor this op produced, owned and reused across steps.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>False when recorded under <see cref="Tape.NoGrad"/> or when no input needs a gradient.</summary>
    public bool Differentiable { get; internal set; }

    /// <summary>Short op name for error messages and graph dumps.</summary>
    public abstract string OpName { get; }

    /// <summary>Accumulates gradients of the inputs from <c>Output.Grad</c>.</summary>
    public abstract void Backward();

    /// <summary>
    /// Returns this node's output resized to <paramref name="shape"/> on <paramref name="backend"/>,
    /// reusing its memory when it is large enough.
    /// </summary>
    protected internal Tensor MakeOutput(IBackend backend, in Shape shape)
    {
        if (Output is null || Output.Backend != backend)
        {
            Output = Tensor.Zeros(shape, backend);
        }
        else
        {
            Output.Resize(shape);
        }
        Output.Creator = this;
        Output.RequiresGrad = Differentiable;
        return Output;
    }

    /// <summary>A scratch tensor owned by the node (e.g. saved masks), reused like the output.</summary>
    protected static Tensor Scratch(ref Tensor? slot, IBackend backend, in Shape shape) => Tensor.Reuse(ref slot, backend, shape);

    /// <summary>True when <paramref name="t"/> takes a gradient.</summary>
    protected static bool Needs(Tensor? t) => t is not null && t.RequiresGrad;
}
