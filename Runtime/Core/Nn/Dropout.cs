namespace Myelin.Nn;

/// <summary>
/// Inverted dropout: in training, zeroes each activation with probability <see cref="P"/> and scales
/// the rest by 1/(1−p); in evaluation, passes x through. Masks are deterministic: each forward
/// draws from (seed, step), identical on every backend.
/// </summary>
public sealed class Dropout : Module
{
    private uint _seed;
    private uint _step;

    /// <summary>Creates the layer with drop probability p in [0, 1).</summary>
    public Dropout(float p, string? name = null) : base(name ?? "dropout")
    {
        if (p < 0f || p >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, $"Dropout '{Name}': probability must be in [0, 1).");
        P = p;
    }

    /// <summary>Probability of dropping an activation.</summary>
    public float P { get; }

    /// <inheritdoc />
    public override void Initialize(Rng rng)
    {
        _seed = (uint)rng.NextULong();
        _step = 0;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (!IsTraining || P == 0f) return x;
        return Ops.Dropout(x, P, _seed ^ (_step++ * 0x9E3779B9u));
    }

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => input;

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Dropout", ("name", Name), ("p", P));
}
