using Myelin.Backends;
using Myelin.Losses;

namespace Myelin.Demos.Xor;

/// <summary>
/// Every knob of the playground, TF Playground's defaults (circle, 500 points, 50 % train, batch 10,
/// features x1 x2, hidden 4-2 tanh, SGD at 0.03, no regularisation). Equality compares
/// <see cref="Layers"/> element by element, so <c>settings with { … }</c> diffs cleanly.
/// </summary>
public sealed record PlaygroundSettings
{
    /// <summary>Allowed activations, per hidden layer.</summary>
    public static readonly IReadOnlyList<UnaryKind> Activations =
        [UnaryKind.Tanh, UnaryKind.Sigmoid, UnaryKind.Relu, UnaryKind.Identity, UnaryKind.LeakyRelu, UnaryKind.Swish, UnaryKind.Gelu];

    /// <summary>Most hidden layers.</summary>
    public const int MaxLayers = 6;
    /// <summary>Most neurons per hidden layer.</summary>
    public const int MaxNeurons = 8;

    /// <summary>The data set (must suit <see cref="Problem"/>).</summary>
    public PlaygroundDataset Dataset { get; init; } = PlaygroundDataset.Circle;
    /// <summary>Classification or regression.</summary>
    public PlaygroundProblem Problem { get; init; } = PlaygroundProblem.Classification;
    /// <summary>Noise, 0..50 (%).</summary>
    public int NoisePercent { get; init; }
    /// <summary>Share of the points used for training, 10..90 (%); the rest is the test set.</summary>
    public int TrainPercent { get; init; } = 50;
    /// <summary>Points per optimizer step, 1..30.</summary>
    public int BatchSize { get; init; } = 10;
    /// <summary>Generated points (before painting).</summary>
    public int SampleCount { get; init; } = 500;
    /// <summary>Input features (a non-empty subset of seven).</summary>
    public PlaygroundFeatures Features { get; init; } = PlaygroundFeatures.X1 | PlaygroundFeatures.X2;
    /// <summary>Hidden layers, 0..6, each 1..8 neurons.</summary>
    public IReadOnlyList<HiddenLayer> Layers { get; init; } = [new(4), new(2)];
    /// <summary>Step size of the optimizer.</summary>
    public float LearningRate { get; init; } = 0.03f;
    /// <summary>Weight penalty (weights only, never biases).</summary>
    public RegularizationKind Regularization { get; init; } = RegularizationKind.None;
    /// <summary>λ of the penalty.</summary>
    public float RegularizationRate { get; init; }
    /// <summary>Objective for classification (regression always uses MSE).</summary>
    public PlaygroundLoss Loss { get; init; } = PlaygroundLoss.MeanSquaredError;
    /// <summary>Dropout after every hidden activation.</summary>
    public bool Dropout { get; init; }
    /// <summary>Drop probability when <see cref="Dropout"/> is on, in [0, 1).</summary>
    public float DropoutRate { get; init; } = 0.1f;
    /// <summary>The update rule.</summary>
    public PlaygroundOptimizer Optimizer { get; init; } = PlaygroundOptimizer.Sgd;
    /// <summary>Seeds the data, the split, the shuffles and the initial weights.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The objective actually trained: MSE for regression, <see cref="Loss"/> for classification.</summary>
    public PlaygroundLoss EffectiveLoss => Problem == PlaygroundProblem.Regression ? PlaygroundLoss.MeanSquaredError : Loss;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        var regressionSet = Dataset is PlaygroundDataset.Plane or PlaygroundDataset.MultiGaussian;
        if (regressionSet != (Problem == PlaygroundProblem.Regression))
            throw new ArgumentException($"Dataset {Dataset} does not suit a {Problem} problem (regression uses Plane or MultiGaussian).");
        Check(NoisePercent is >= 0 and <= 50, $"NoisePercent must be 0..50; got {NoisePercent}.");
        Check(TrainPercent is >= 10 and <= 90, $"TrainPercent must be 10..90; got {TrainPercent}.");
        Check(BatchSize is >= 1 and <= 30, $"BatchSize must be 1..30; got {BatchSize}.");
        Check(SampleCount is >= 10 and <= 100_000, $"SampleCount must be 10..100000; got {SampleCount}.");
        Check(Features != PlaygroundFeatures.None && (Features & ~PlaygroundFeatures.All) == 0, $"Features must be a non-empty subset of the seven; got {Features}.");
        Check(Layers.Count <= MaxLayers, $"At most {MaxLayers} hidden layers; got {Layers.Count}.");
        for (var i = 0; i < Layers.Count; i++)
        {
            Check(Layers[i].Neurons is >= 1 and <= MaxNeurons, $"Hidden layer {i} needs 1..{MaxNeurons} neurons; got {Layers[i].Neurons}.");
            Check(Activations.Contains(Layers[i].Activation), $"Hidden layer {i}: activation {Layers[i].Activation} is not offered.");
        }
        Check(LearningRate > 0f && float.IsFinite(LearningRate), $"LearningRate must be positive; got {LearningRate}.");
        Check(RegularizationRate >= 0f && float.IsFinite(RegularizationRate), $"RegularizationRate must be ≥ 0; got {RegularizationRate}.");
        Check(DropoutRate is >= 0f and < 1f, $"DropoutRate must be in [0, 1); got {DropoutRate}.");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }

    /// <inheritdoc />
    public bool Equals(PlaygroundSettings? other) => other is not null
        && Dataset == other.Dataset && Problem == other.Problem && NoisePercent == other.NoisePercent
        && TrainPercent == other.TrainPercent && BatchSize == other.BatchSize && SampleCount == other.SampleCount
        && Features == other.Features && Layers.SequenceEqual(other.Layers) && LearningRate == other.LearningRate
        && Regularization == other.Regularization && RegularizationRate == other.RegularizationRate && Loss == other.Loss
        && Dropout == other.Dropout && DropoutRate == other.DropoutRate && Optimizer == other.Optimizer && Seed == other.Seed;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Dataset); h.Add(Problem); h.Add(NoisePercent); h.Add(TrainPercent); h.Add(Features); h.Add(Seed);
        foreach (var l in Layers) h.Add(l);
        return h.ToHashCode();
    }
}
