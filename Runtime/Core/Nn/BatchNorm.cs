using Myelin.Autograd;

namespace Myelin.Nn;

/// <summary>
/// Batch normalisation over the batch (and spatial) axes: y = γ·(x − μ)/√(σ² + ε) + β. In training
/// μ and σ² come from the batch and update running averages; in evaluation the running averages
/// are used. Built from ops, so its gradient comes from the tape. Works on (N,F) and (N,C,H,W).
/// </summary>
public sealed class BatchNorm : Module
{
    /// <summary>Creates batch norm over <paramref name="features"/> channels.</summary>
    public BatchNorm(int features, float momentum = 0.1f, float epsilon = 1e-5f, string? name = null, Backends.IBackend? backend = null)
        : base(name ?? "batchnorm")
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), $"BatchNorm '{Name}' needs a positive feature count.");
        Features = features; Momentum = momentum; Epsilon = epsilon;
        Gamma = NewParameter("gamma", new Shape(features), backend);
        Beta = NewParameter("beta", new Shape(features), backend);
        RunningMean = Tensor.Zeros(new Shape(features), backend);
        RunningMean.Name = $"{Name}.running_mean";
        RunningVar = Tensor.Zeros(new Shape(features), backend);
        RunningVar.Name = $"{Name}.running_var";
        Initialize(new Rng(0));
    }

    /// <summary>Channels (C) or features (F).</summary>
    public int Features { get; }
    /// <summary>Weight of the newest batch in the running averages.</summary>
    public float Momentum { get; }
    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; }
    /// <summary>Scale γ:(F).</summary>
    public Tensor Gamma { get; }
    /// <summary>Shift β:(F).</summary>
    public Tensor Beta { get; }
    /// <summary>Running mean used in evaluation.</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running (unbiased) variance used in evaluation.</summary>
    public Tensor RunningVar { get; }

    /// <inheritdoc />
    protected override IEnumerable<Tensor> OwnParameters => [Gamma, Beta];

    /// <inheritdoc />
    protected override IEnumerable<Tensor> OwnBuffers => [RunningMean, RunningVar];

    /// <inheritdoc />
    public override void Initialize(Rng rng)
    {
        Initializers.Constant(Gamma, 1f);
        Initializers.Constant(Beta, 0f);
        Initializers.Constant(RunningMean, 0f);
        Initializers.Constant(RunningVar, 1f);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        // Statistics shape: (1,F) for (N,F), (1,C,1,1) for (N,C,H,W).
        var stat = StatisticsShape(x.Shape);

        var gamma = Ops.Reshape(Gamma, stat);
        var beta = Ops.Reshape(Beta, stat);
        if (!IsTraining)
        {
            var mean = Ops.Reshape(RunningMean, stat);
            var invStd = Ops.Pow(Ops.AddScalar(Ops.Reshape(RunningVar, stat), Epsilon), -0.5f);
            return (x - mean) * invStd * gamma + beta;
        }
        var count = x.Length / Features;
        if (count < 2) throw new ArgumentException($"Layer '{Name}' needs more than one value per channel in training; got input {x.Shape}.");
        var mu = Ops.MeanTo(x, stat);
        var centred = x - mu;
        var variance = Ops.MeanTo(Ops.Square(centred), stat);
        var y = centred * Ops.Pow(Ops.AddScalar(variance, Epsilon), -0.5f) * gamma + beta;
        UpdateRunning(mu, variance, count);
        return y;
    }

    private void UpdateRunning(Tensor mu, Tensor variance, int count)
    {
        var be = RunningMean.Backend;
        be.Axpby(Momentum, mu, 1f - Momentum, RunningMean);
        be.Axpby(Momentum * count / (count - 1f), variance, 1f - Momentum, RunningVar);
    }

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input)
    {
        StatisticsShape(input);
        return input;
    }

    private Shape StatisticsShape(in Shape input)
    {
        if (input.Rank == 2 && input[1] == Features) return new Shape(1, Features);
        if (input.Rank == 4 && input[1] == Features) return new Shape(1, Features, 1, 1);
        throw new ArgumentException($"Layer '{Name}' expects (N, {Features}) or (N, {Features}, H, W) input but got {input}.");
    }

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("BatchNorm", ("name", Name), ("features", Features), ("momentum", Momentum), ("epsilon", Epsilon));
}
