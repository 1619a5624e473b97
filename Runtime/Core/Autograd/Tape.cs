using System.Runtime.CompilerServices;

namespace Myelin.Autograd;

/// <summary>
/// Records ops in execution order so <see cref="Backward"/> can walk them in reverse. A tape is a
/// reusable list: <see cref="Reset"/> rewinds it, and the next step reuses the same node objects and
/// output tensors while the op sequence and shapes repeat — training allocates nothing in steady state.
/// <para>
/// Each thread has a current tape (<see cref="Current"/>). After <see cref="Backward"/> the tape rewinds
/// itself when the next op is recorded, so the explicit loop (forward, backward, step) needs no
/// ceremony. Tensors made by ops stay valid until the tape rewinds.
/// </para>
/// </summary>
public sealed class Tape
{
    [ThreadStatic] private static Tape? t_current;

    private Node[] _nodes = new Node[16];
    private int _count;
    // Positions ever filled: _nodes[.._filled] are non-null and reused by later steps.
    private int _filled;
    private int _noGradDepth;
    private bool _rewindOnNextRecord;

    /// <summary>Nodes a tape may hold before it refuses to grow (a missing Reset/Backward in a loop).</summary>
    public const int MaxNodes = 1 << 20;

    /// <summary>The tape ops record on, on this thread.</summary>
    public static Tape Current => t_current ??= new Tape();

    /// <summary>Makes this tape current until the returned scope is disposed.</summary>
    public ActiveScope Activate()
    {
        var previous = t_current;
        t_current = this;
        return new ActiveScope(previous);
    }

    /// <summary>Number of ops recorded since the last rewind.</summary>
    public int Count => _count;

    /// <summary>True inside a <see cref="NoGrad"/> scope.</summary>
    public bool IsNoGrad => _noGradDepth > 0;

    /// <summary>Forgets the recorded ops; their nodes and tensors are reused by the next step.</summary>
    public void Reset()
    {
        _count = 0;
        _rewindOnNextRecord = false;
    }

    /// <summary>
    /// Inference scope on the current tape: ops record no gradient, and the ops recorded inside are
    /// released when it ends (their outputs are reused by the next scope).
    /// </summary>
    public static NoGradScope NoGrad()
    {
        var tape = Current;
        tape.PrepareRecord();
        tape._noGradDepth++;
        return new NoGradScope(tape, tape._count);
    }

    /// <summary>
    /// Returns the pooled node of type <typeparamref name="T"/> for the next tape position.
    /// <paramref name="differentiable"/> says whether any input takes a gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Record<T>(bool differentiable) where T : Node, new()
    {
        // Inlined into each op, where T is a known sealed type: the steady-state reuse is one type
        // compare; a new position or another op type takes the slow path.
        PrepareRecord();
        var count = _count;
        var node = count < _filled && _nodes[count] is T reuse ? reuse : RecordNew<T>();
        _count = count + 1;
        node.Differentiable = differentiable && _noGradDepth == 0;
        return node;
    }

    private T RecordNew<T>() where T : Node, new()
    {
        if (_count >= MaxNodes)
            throw new InvalidOperationException($"The tape holds {MaxNodes} ops: call Tape.Reset() (or Backward) once per step, or use Tape.NoGrad() for inference.");
        var node = new T();
        if (_count == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        _nodes[_count] = node;
        _filled = Math.Max(_filled, _count + 1);
        return node;
    }

    private void PrepareRecord()
    {
        if (_rewindOnNextRecord) Reset();
    }

    /// <summary>
    /// Back-propagates from <paramref name="loss"/> (a one-element tensor): zeroes the gradients of
    /// the recorded intermediates (lazily: see <see cref="Tensor.Grad"/>), seeds d loss = 1, and runs each node's backward in reverse order.
    /// Parameter gradients accumulate until zeroed (call the optimizer's ZeroGrad each step).
    /// </summary>
    public void Backward(Tensor loss)
    {
        if (loss.Length != 1)
            throw new InvalidOperationException($"Backward starts from a one-element loss; got shape {loss.Shape}. Reduce it first (Mean or Sum).");
        if (loss.Creator is null || !loss.RequiresGrad)
            throw new InvalidOperationException("The loss has no gradient history: it was computed under NoGrad, from tensors that need no gradient, or the tape was reset since.");
        // The loss is nearly always the last op: search backwards by reference (IndexOf calls virtual Equals per node).
        var end = _count - 1;
        while (end >= 0 && !ReferenceEquals(_nodes[end], loss.Creator)) end--;
        if (end < 0)
            throw new InvalidOperationException("The loss was not recorded on this tape since its last reset.");

        for (var i = 0; i <= end; i++)
        {
            var n = _nodes[i];
            // Pending zeros: the first op to contribute overwrites them (Tensor.GradToWrite), any other
            // read writes them. The loss's own gradient is seeded with 1 below.
            if (n.Differentiable && n.Output is { } o && !ReferenceEquals(o, loss)) o.ResetGrad();
        }
        loss.Backend.Fill(loss.EnsureGrad(), 1f);
        for (var i = end; i >= 0; i--)
        {
            var n = _nodes[i];
            if (n.Differentiable) n.Backward();
        }
        _rewindOnNextRecord = true;
    }

    internal void EndNoGrad(int start)
    {
        _noGradDepth--;
        _count = start;
    }

    /// <summary>Ends a <see cref="NoGrad"/> scope.</summary>
    public readonly struct NoGradScope(Tape tape, int start) : IDisposable
    {
        /// <summary>Leaves the scope, releasing the ops recorded inside it.</summary>
        public void Dispose() => tape.EndNoGrad(start);
    }

    /// <summary>Restores the previously current tape.</summary>
    public readonly struct ActiveScope(Tape? previous) : IDisposable
    {
        /// <summary>Restores the previous tape.</summary>
        public void Dispose() => t_current = previous;
    }
}
