using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// A building block of a network: holds parameters and calls ops in <see cref="Forward"/>. Modules
/// never write gradients by hand — the ops they call record them on the tape.
/// </summary>
public abstract class Module
{
    private Tensor[]? _parameters;

    /// <summary>Name used in summaries, parameter names and error messages.</summary>
    public string Name { get; set; }

    /// <summary>Creates a module with a default name from its type.</summary>
    protected Module(string? name = null) => Name = name ?? GetType().Name.ToLowerInvariant();

    /// <summary>True in training mode (dropout active, batch-norm uses batch statistics).</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>
    /// True when <see cref="Forward"/> (this module's or a child's) behaves differently in training and
    /// evaluation mode, as dropout and batch norm do. Inference skips switching modes when it is false.
    /// Layers of unknown kind say true; the built-in stateless ones say false.
    /// </summary>
    public virtual bool DependsOnMode => true;

    /// <summary>Runs the module: records ops on the current tape and returns the output.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>The output shape for an input shape (for summaries and checks), without running.</summary>
    public abstract Shape OutputShape(in Shape input);

    /// <summary>The architecture of this module, enough to rebuild it (for model files).</summary>
    public abstract LayerSpec Spec { get; }

    /// <summary>Child modules (containers override).</summary>
    public virtual IReadOnlyList<Module> Children => [];

    /// <summary>This module's own trainable tensors (not its children's).</summary>
    protected virtual IEnumerable<Tensor> OwnParameters => [];

    /// <summary>Non-trainable state saved with the model (batch-norm running statistics).</summary>
    protected virtual IEnumerable<Tensor> OwnBuffers => [];

    /// <summary>All trainable tensors, children included, in a fixed order (cached).</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters ??= Collect(m => m.OwnParameters);

    /// <summary>Every tensor saved with the model: parameters then buffers, in a fixed order.</summary>
    public IReadOnlyList<Tensor> State() => Collect(m => m.OwnParameters.Concat(m.OwnBuffers));

    private Tensor[] Collect(Func<Module, IEnumerable<Tensor>> pick)
    {
        var list = new List<Tensor>();
        Visit(this);
        return [.. list];

        void Visit(Module m)
        {
            list.AddRange(pick(m));
            foreach (var c in m.Children) Visit(c);
        }
    }

    /// <summary>Forgets the cached parameter list (after adding or removing layers).</summary>
    protected void InvalidateParameters()
    {
        _parameters = null;
    }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount
    {
        get
        {
            // A loop, not LINQ: UIs read this every frame.
            long count = 0;
            var parameters = Parameters;
            for (var i = 0; i < parameters.Count; i++) count += parameters[i].Length;
            return count;
        }
    }

    /// <summary>Switches training mode on this module and its children.</summary>
    public void Train(bool training = true)
    {
        IsTraining = training;
        // Indexed: foreach over the IReadOnlyList would box an enumerator on every training step.
        var children = Children;
        for (var i = 0; i < children.Count; i++) children[i].Train(training);
    }

    /// <summary>Switches to evaluation mode (same as <c>Train(false)</c>).</summary>
    public void Eval() => Train(false);

    /// <summary>Re-initialises every parameter from <paramref name="rng"/>, in a fixed order.</summary>
    public virtual void Initialize(Rng rng)
    {
        foreach (var c in Children) c.Initialize(rng);
    }

    /// <summary>Moves every parameter and buffer to <paramref name="backend"/>, keeping tensor identities.</summary>
    public void To(IBackend backend)
    {
        foreach (var t in State()) t.MoveTo(backend);
    }

    /// <summary>Makes a named parameter tensor on the default backend.</summary>
    protected Tensor NewParameter(string suffix, in Shape shape, IBackend? backend)
    {
        var t = Tensor.Zeros(shape, backend);
        t.Name = $"{Name}.{suffix}";
        t.RequiresGrad = true;
        return t;
    }
}
