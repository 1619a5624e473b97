using System.Text.Json;
using Myelin.Data;
using Myelin.Losses;
using Myelin.Nn;
using Myelin.Optimizers;

namespace Myelin.Training.Config;

/// <summary>
/// A training run described by a JSON file (the course's framework chapter: Caffe's prototxt,
/// Keras' JSON): the network, loss, optimizer and schedule, data, epochs, batch size, callbacks
/// and output file. <see cref="Load"/> checks the whole file before anything trains; each error
/// names the file, line and key. See <c>examples/configs/</c> for complete files.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>The file it was read from.</summary>
    public required string File { get; init; }
    /// <summary>Seed of the weights, the shuffling and the synthetic data.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Shape of one sample (<c>input</c>).</summary>
    public required Shape SampleShape { get; init; }
    /// <summary>Line of <c>input</c>, for errors about data that does not match it.</summary>
    public int InputLine { get; init; }
    /// <summary>The network built from <c>layers</c>.</summary>
    public required Sequential Network { get; init; }
    /// <summary>The loss.</summary>
    public required Loss Loss { get; init; }
    /// <summary>Makes the optimizer from the parameters and the run's total step count.</summary>
    public required Func<IReadOnlyList<Tensor>, int, Optimizer> Optimizer { get; init; }
    /// <summary>Where the data comes from.</summary>
    public required DataConfig Data { get; init; }
    /// <summary>Passes over the training set.</summary>
    public required int Epochs { get; init; }
    /// <summary>Samples per step (<see cref="GradientDescent.Batch"/> for <c>"full"</c>).</summary>
    public required int BatchSize { get; init; }
    /// <summary>Early-stopping patience in epochs (<c>callbacks.earlyStopping.patience</c>), or null.</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>Smallest improvement that resets the patience.</summary>
    public float EarlyStoppingMinDelta { get; init; }
    /// <summary>File that receives the model whenever the monitored loss improves (<c>callbacks.checkpointBest</c>), or null.</summary>
    public string? CheckpointBest { get; init; }
    /// <summary>The model file written at the end (<c>output</c>).</summary>
    public required string Output { get; init; }

    /// <summary>The largest config file read (1 MiB): a device or an endless file fails at once.</summary>
    public const long MaxBytes = 1L << 20;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, not JSON, or a key or value is wrong.</exception>
    public static TrainingConfig Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = Serialization.InputFile.ReadAllBytes(path, MaxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, "", $"cannot read the file: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Reads and checks UTF-8 JSON text; <paramref name="file"/> names it in errors.</summary>
    public static TrainingConfig Parse(ReadOnlySpan<byte> utf8, string file)
    {
        var root = new ConfigObject(ConfigNode.Parse(utf8, file), file);
        root.String("description");
        var seed = (ulong)root.Int("seed", 1, 0);
        var input = root.Required("input");
        var sample = ParseShape(root, input);
        var network = LayerConfig.Build(root.Required("layers"), sample, file);
        var loss = ParseLoss(root, root.Required("loss"));
        var optimizer = OptimizerConfig.Parse(root.Object("optimizer") ?? throw root.Error(root.Node, "optimizer", "is missing (required at the top level)."));
        var data = DataConfig.Parse(root.Object("data") ?? throw root.Error(root.Node, "data", "is missing (required at the top level)."), seed);
        var epochs = root.Int("epochs", 10, 1, 1_000_000);
        var batch = 32;
        if (root.Find("batchSize") is { } b)
            batch = b.Kind == JsonValueKind.String && root.Choice(b, ["full"]) == "full" ? GradientDescent.Batch : root.Int(b, 1, int.MaxValue);
        int? patience = null;
        var minDelta = 0f;
        string? checkpoint = null;
        if (root.Object("callbacks") is { } callbacks)
        {
            if (callbacks.Object("earlyStopping") is { } early)
            {
                patience = early.RequiredInt("patience", 1);
                minDelta = early.Float("minDelta", 0f, 0f);
                early.RejectUnknownKeys("earlyStopping");
            }
            checkpoint = callbacks.String("checkpointBest");
            callbacks.RejectUnknownKeys("callbacks");
        }
        var output = root.String("output") ?? Path.Combine("out", Path.GetFileNameWithoutExtension(file) + ".myelin");
        root.RejectUnknownKeys();
        return new TrainingConfig
        {
            File = file, Seed = seed, SampleShape = sample, InputLine = input.Line, Network = network, Loss = loss, Optimizer = optimizer, Data = data,
            Epochs = epochs, BatchSize = batch, EarlyStoppingPatience = patience, EarlyStoppingMinDelta = minDelta,
            CheckpointBest = checkpoint, Output = output,
        };
    }

    private static Shape ParseShape(ConfigObject root, ConfigNode node)
    {
        if (node.Kind != JsonValueKind.Array || node.Items.Count is 0 or > 3)
            throw root.Error(node, node.Path, $"expected the shape of one sample as a list of 1 to 3 sizes, e.g. [2] or [1, 28, 28]; found {node.KindName}.");
        return new Shape([.. node.Items.Select(i => root.Int(i, 1, 1 << 20))]);
    }

    private static Loss ParseLoss(ConfigObject root, ConfigNode node)
    {
        string[] types = ["mse", "bce", "softmax-cross-entropy", "huber"];
        if (node.Kind == JsonValueKind.String) return MakeLoss(root.Choice(node, types), TargetKind.Values, 1f);
        var o = new ConfigObject(node, root.File);
        var type = o.RequiredChoice("type", types);
        var targets = type == "mse" ? Enum.Parse<TargetKind>(o.Choice("targets", "Values", Enum.GetNames<TargetKind>())) : TargetKind.Values;
        var delta = type == "huber" ? o.Float("delta", 1f, 0f, float.MaxValue, minExclusive: true) : 1f;
        o.RejectUnknownKeys($"loss '{type}'");
        return MakeLoss(type, targets, delta);
    }

    private static Loss MakeLoss(string type, TargetKind targets, float delta) => type switch
    {
        "mse" => new MeanSquaredError(targets),
        "bce" => new BinaryCrossEntropy(),
        "huber" => new Huber(delta),
        _ => new SoftmaxCrossEntropy(),
    };
}
