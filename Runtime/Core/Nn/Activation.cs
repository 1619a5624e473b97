using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// An element-wise activation as a layer. After a <see cref="Dense"/> layer it is fused into the
/// dense kernel. Shorthands: <see cref="Relu"/>, <see cref="Sigmoid"/>, <see cref="Tanh"/>…
/// </summary>
public class Activation(UnaryKind kind, float alpha = 0f, string? name = null) : Module(name ?? kind.ToString().ToLowerInvariant())
{
    /// <summary>The function.</summary>
    public UnaryKind Kind { get; } = kind;
    /// <summary>Its parameter (leaky-ReLU slope, ELU alpha).</summary>
    public float Alpha { get; } = alpha;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Ops.Unary(x, Kind, Alpha);

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => input;

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Activation", ("name", Name), ("kind", Kind), ("alpha", Alpha));
}

/// <summary>max(0, x).</summary>
public sealed class Relu() : Activation(UnaryKind.Relu);
/// <summary>x for x &gt; 0, α·x otherwise.</summary>
public sealed class LeakyRelu(float alpha = 0.01f) : Activation(UnaryKind.LeakyRelu, alpha);
/// <summary>x for x &gt; 0, α·(eˣ−1) otherwise.</summary>
public sealed class Elu(float alpha = 1f) : Activation(UnaryKind.Elu, alpha);
/// <summary>1/(1+e⁻ˣ).</summary>
public sealed class Sigmoid() : Activation(UnaryKind.Sigmoid);
/// <summary>tanh x.</summary>
public sealed class Tanh() : Activation(UnaryKind.Tanh);
/// <summary>x·sigmoid(x), also called SiLU.</summary>
public sealed class Swish() : Activation(UnaryKind.Swish);
/// <summary>GELU (tanh approximation).</summary>
public sealed class Gelu() : Activation(UnaryKind.Gelu);

/// <summary>Softmax over the last axis: turns logits into probabilities.</summary>
public sealed class Softmax(string? name = null) : Module(name ?? "softmax")
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Ops.Softmax(x);

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => input;

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Softmax", ("name", Name));
}
