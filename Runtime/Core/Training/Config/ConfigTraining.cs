using Myelin.Data;

namespace Myelin.Training.Config;

/// <summary>
/// Runs a <see cref="TrainingConfig"/>: builds and compiles the model, fits it with the file's
/// callbacks (early stopping; a checkpoint written each time the monitored loss improves), and
/// saves the final model. The monitored loss is the test loss when there is a test set, else the
/// training loss, as for <see cref="FitOptions.EarlyStoppingPatience"/>.
/// </summary>
public static class ConfigTraining
{
    /// <summary>
    /// Trains on <paramref name="train"/> (evaluating <paramref name="test"/> after every epoch when
    /// given) and writes <see cref="TrainingConfig.Output"/>; <paramref name="onEpochEnd"/> sees each epoch.
    /// </summary>
    /// <exception cref="ConfigException">The data's sample or target shape does not fit the file's network.</exception>
    public static ConfigResult Run(TrainingConfig config, Dataset train, Dataset? test, Func<EpochResult, bool>? onEpochEnd = null)
    {
        CheckShape(config, train);
        if (test is not null) CheckShape(config, test);
        var batch = Math.Min(config.BatchSize, train.Count);
        var totalSteps = (int)Math.Min(int.MaxValue, (long)config.Epochs * ((train.Count + batch - 1) / batch));
        var model = new Model(config.Network, config.SampleShape, config.Seed)
            .Compile(p => config.Optimizer(p, totalSteps), config.Loss);
        var best = float.PositiveInfinity;
        var bestEpoch = 0;
        var history = model.Fit(train, new FitOptions
        {
            Epochs = config.Epochs, BatchSize = config.BatchSize, ShuffleSeed = config.Seed, Validation = test,
            EarlyStoppingPatience = config.EarlyStoppingPatience, EarlyStoppingMinDelta = config.EarlyStoppingMinDelta,
            OnEpochEnd = r =>
            {
                var monitored = float.IsNaN(r.ValidationLoss) ? r.Loss : r.ValidationLoss;
                if (monitored < best)
                {
                    best = monitored;
                    bestEpoch = r.Epoch;
                    if (config.CheckpointBest is { } path) Save(model, path);
                }
                return onEpochEnd?.Invoke(r) ?? true;
            },
        });
        Save(model, config.Output);
        return new ConfigResult(model, history, test is null ? null : model.Evaluate(test), bestEpoch, best);
    }

    private static void CheckShape(TrainingConfig config, Dataset data)
    {
        if (data.SampleShape != config.SampleShape)
            throw new ConfigException(config.File, config.InputLine, "input",
                $"is {config.SampleShape} but the samples of '{data.Name}' are {data.SampleShape}.");
    }

    private static void Save(Model model, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        model.Save(path);
    }
}
