using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

/// <summary>
/// Differentiable operations. Each op lives in its own file with its forward and backward side by
/// side; results are recorded on <see cref="Tape.Current"/> and reuse their memory step after step.
/// </summary>
public static partial class Ops
{
    // A constant argument to the params-span Shape constructor allocates on every call; hot paths use these.
    private static readonly Shape s_emptyShape = new(0);
    private static readonly Shape s_oneShape = new(1);

    /// <summary>Records a node of type <typeparamref name="T"/> on the current tape.</summary>
    internal static T Record<T>(Tensor a, Tensor? b = null, Tensor? c = null) where T : Node, new()
        => Tape.Current.Record<T>(a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    /// <summary>Throws when two operands live on different backends.</summary>
    internal static void SameBackend(string op, Tensor a, Tensor b)
    {
        if (a.Backend != b.Backend)
            throw new ArgumentException($"{op}: operands live on different backends ({a.Describe()} on '{a.Backend.Name}', {b.Describe()} on '{b.Backend.Name}'). Move one with Tensor.To(backend).");
    }
}
