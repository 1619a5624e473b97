using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// Fully connected layer: y = act(x·W + b). x:(N,I) W:(I,O) b:(O) → (N,O). A following
/// <see cref="Activation"/> layer is fused into the same kernel by <see cref="Sequential"/>.
/// </summary>
public sealed class Dense : Module
{
    /// <summary>Creates the layer with weights from <paramref name="init"/> (seed 0 until the model re-initialises).</summary>
    public Dense(int inputs, int outputs, UnaryKind activation = UnaryKind.Identity, bool bias = true, Init? init = null, string? name = null, IBackend? backend = null)
        : base(name ?? "dense")
    {
        if (inputs <= 0 || outputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), $"Dense needs positive sizes; got {inputs}→{outputs}.");
        Inputs = inputs;
        Outputs = outputs;
        Activation = activation;
        InitScheme = init ?? Initializers.For(activation);
        Weight = NewParameter("weight", new Shape(inputs, outputs), backend);
        Bias = bias ? NewParameter("bias", new Shape(outputs), backend) : null;
        Initialize(new Rng(0));
    }

    /// <summary>Input features I.</summary>
    public int Inputs { get; }
    /// <summary>Output features O.</summary>
    public int Outputs { get; }
    /// <summary>Activation applied after the affine map.</summary>
    public UnaryKind Activation { get; }
    /// <summary>Leaky-ReLU/ELU parameter of the activation.</summary>
    public float ActivationAlpha { get; init; } = 0.01f;
    /// <summary>The init scheme for the weights.</summary>
    public Init InitScheme { get; }
    /// <summary>W:(I,O).</summary>
    public Tensor Weight { get; }
    /// <summary>b:(O), or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    protected override IEnumerable<Tensor> OwnParameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <inheritdoc />
    public override void Initialize(Rng rng)
    {
        Initializers.Fill(Weight, InitScheme, Inputs, Outputs, rng);
        if (Bias is not null) Initializers.Constant(Bias, 0f);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Forward(x, Activation, ActivationAlpha);

    /// <summary>Forward with an activation fused in from a following layer.</summary>
    internal Tensor Forward(Tensor x, UnaryKind activation, float alpha)
    {
        if (x.Rank != 2 || x.Shape[1] != Inputs)
            throw new ArgumentException($"Layer '{Name}' expects input (N, {Inputs}) but got {x.Shape}.");
        return Ops.Dense(x, Weight, Bias, activation, alpha, Name);
    }

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input)
    {
        if (input.Rank != 2 || input[1] != Inputs)
            throw new ArgumentException($"Layer '{Name}' expects input (N, {Inputs}) but got {input}.");
        return new Shape(input[0], Outputs);
    }

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Dense", ("name", Name), ("inputs", Inputs), ("outputs", Outputs),
        ("activation", Activation), ("alpha", ActivationAlpha), ("bias", Bias is not null), ("init", InitScheme));
}
