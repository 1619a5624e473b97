using System.CommandLine;
using Myelin.Demos.Digits.Data;
using Myelin.Editor.Imaging;
using Myelin.Editor.Terminal;
using Myelin.Training;
using Myelin.Training.Config;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin train --config FILE [--plot FILE.png] [--out FILE]`: trains the model a JSON file
/// describes (<see cref="TrainingConfig"/>), with a progress bar, a final summary, the model file,
/// and optionally the loss and accuracy curves as a PNG.
/// </summary>
public static class TrainConfigCommand
{
    /// <summary>Adds the options and the action to the `train` command.</summary>
    public static void AddTo(Command train)
    {
        var config = new Option<FileInfo?>("--config") { Description = "Train the model a JSON file describes (see examples/configs/)." };
        var plot = new Option<FileInfo?>("--plot") { Description = "With --config: write loss and accuracy curves to this PNG." };
        var output = new Option<FileInfo?>("--out") { Description = "With --config: the model file to write [default: the file's 'output']." };
        train.Options.Add(config);
        train.Options.Add(plot);
        train.Options.Add(output);
        train.SetAction(p =>
        {
            if (p.GetValue(config) is not { } file)
            {
                Console.Error.WriteLine("myelin: train needs a task (xor, digits, detect) or --config FILE; see 'myelin train --help'.");
                return Cli.UsageError;
            }
            return Run(file.FullName, p.GetValue(plot)?.FullName, p.GetValue(output)?.FullName);
        });
    }

    /// <summary>Loads, trains, reports and writes; returns the exit code.</summary>
    /// <exception cref="ConfigException">The file is malformed (the message names the line and key).</exception>
    public static int Run(string configPath, string? plotPath, string? outputPath, Func<string?, (Myelin.Data.Dataset, Myelin.Data.Dataset)>? mnist = null)
    {
        var config = TrainingConfig.Load(configPath);
        if (outputPath is not null) config = config with { Output = outputPath };
        // Every file the run writes is checked before any work, as the other train commands do.
        OutputPath.File(config.Output, outputPath is null ? "output" : "--out");
        if (config.CheckpointBest is not null) OutputPath.File(config.CheckpointBest, "callbacks.checkpointBest");
        if (plotPath is not null) OutputPath.File(plotPath, "--plot");
        var (train, test) = config.Data.Load(mnist ?? (dir => MnistData.Ensure(dir, Console.WriteLine)));
        Console.WriteLine($"{Path.GetFileName(configPath)}: {config.Network.ParameterCount:N0} parameters, {config.Loss.Name}, " +
            $"{config.Data.Source} ({train.Count:N0} train{(test is null ? "" : $", {test.Count:N0} test")}), {config.Epochs} epochs, " +
            $"batch {(config.BatchSize == GradientDescent.Batch ? "full" : config.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))}, seed {config.Seed}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = TrainingProgress.Run("training", config.Epochs, onEpoch => ConfigTraining.Run(config, train, test, onEpoch));
        Console.WriteLine(Summary(config, result, clock.Elapsed.TotalSeconds));
        if (plotPath is not null)
        {
            if (Path.GetDirectoryName(plotPath) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            Png.Write(plotPath, TrainingPlot.Render(result.History));
            Console.WriteLine($"wrote {plotPath} (loss and accuracy per epoch)");
        }
        return 0;
    }

    /// <summary>The final summary: epochs run and why, last and best loss, accuracies, files written.</summary>
    public static string Summary(TrainingConfig config, ConfigResult result, double seconds)
    {
        var last = result.History[^1];
        var b = new System.Text.StringBuilder();
        var stopped = last.Epoch < config.Epochs ? $" (early stopping after {last.Epoch} of {config.Epochs})" : "";
        b.AppendLine($"trained {last.Epoch} epochs{stopped} in {seconds:F1} s, {result.Model.Steps:N0} steps");
        b.Append($"  loss {result.History[0].Loss:F4} -> {last.Loss:F4}");
        if (!float.IsNaN(last.Accuracy)) b.Append($", train accuracy {last.Accuracy * 100:F2}%");
        b.AppendLine();
        if (result.Test is { } t)
            b.AppendLine($"  test loss {t.Loss:F4}{(float.IsNaN(t.Accuracy) ? "" : $", test accuracy {t.Accuracy * 100:F2}%")} on {t.Count:N0} samples");
        b.AppendLine($"  best {(result.Test is null ? "training" : "test")} loss {result.BestLoss:F4} at epoch {result.BestEpoch}" +
            (config.CheckpointBest is { } c ? $", saved to {c}" : ""));
        b.Append($"wrote {config.Output}");
        return b.ToString();
    }
}
