namespace Myelin.Losses;

/// <summary>
/// Weight penalties built from ops, so their gradients come from the tape like any loss:
/// L1 = λ·Σ_k Σ|w_k|, L2 = λ·½·Σ_k Σ w_k² over the given tensors (usually weights, not biases).
/// Each call records a few ops per tensor; the nodes are reused step after step (no allocation).
/// </summary>
public static class Regularization
{
    // A constant params-span Shape argument would allocate on every call.
    private static readonly Shape s_oneShape = new(1);

    /// <summary>λ·Σ|w| over every tensor in <paramref name="weights"/> → shape (1).</summary>
    public static Tensor L1(IReadOnlyList<Tensor> weights, float rate) => Penalty(RegularizationKind.L1, weights, rate);

    /// <summary>λ·½Σw² over every tensor in <paramref name="weights"/> → shape (1).</summary>
    public static Tensor L2(IReadOnlyList<Tensor> weights, float rate) => Penalty(RegularizationKind.L2, weights, rate);

    /// <summary>The penalty of <paramref name="kind"/> with rate λ → shape (1); needs at least one tensor and a kind other than None.</summary>
    public static Tensor Penalty(RegularizationKind kind, IReadOnlyList<Tensor> weights, float rate)
    {
        if (kind == RegularizationKind.None) throw new ArgumentException("Regularization.Penalty: kind None has no penalty; skip the call.", nameof(kind));
        if (weights.Count == 0) throw new ArgumentException("Regularization.Penalty: no weights to penalise.", nameof(weights));
        if (rate < 0f || !float.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The regularisation rate must be a finite number ≥ 0.");
        var scale = kind == RegularizationKind.L1 ? rate : 0.5f * rate;
        Tensor? total = null;
        for (var i = 0; i < weights.Count; i++)
        {
            var w = weights[i];
            var term = Ops.SumTo(kind == RegularizationKind.L1 ? Ops.Abs(w) : Ops.Square(w), s_oneShape, scale);
            total = total is null ? term : Ops.Add(total, term);
        }
        return total!;
    }
}
