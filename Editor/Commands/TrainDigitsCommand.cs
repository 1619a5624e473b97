using System.CommandLine;
using Myelin.Demos.Digits;
using Myelin.Demos.Digits.Data;
using Myelin.Training;

namespace Myelin.Editor.Commands;

/// <summary>
/// `myelin train digits`: trains the digit CNN (<see cref="DigitModel"/>) on the 8,000 training
/// digits, reports test accuracy on the 2,000 test digits after every epoch, and saves the model.
/// </summary>
public static class TrainDigitsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Model file to write.", DefaultValueFactory = _ => new FileInfo(Path.Combine("out", "digits.myelin")) };
        var epochs = NumberOption.Integer("--epochs", "Passes over the training digits.", 6, 1, int.MaxValue);
        var seed = NumberOption.Seed("Seed of the weights and the shuffling.", 1);
        var data = new Option<DirectoryInfo?>("--data") { Description = "MNIST data folder [default: $MYELIN_DATA/mnist or ~/.cache/myelin/mnist]; fetched when missing." };
        var channels = NumberOption.Integer("--channels", "Channels of the first conv layer (the second has twice as many; 8 = benchmark W3).", DigitModel.DefaultChannels, 1, 256);
        var lr = NumberOption.Real("--lr", "Adam learning rate.", 1e-3f, 0, float.MaxValue);
        var command = new Command("digits", "Train the digit CNN on MNIST (8,000 train / 2,000 test) and save it.") { output, epochs, seed, data, channels, lr };
        command.SetAction(p => Run(p.GetValue(output)!.FullName, p.GetValue(epochs), p.GetValue(seed), p.GetValue(data)?.FullName, p.GetValue(channels), p.GetValue(lr)));
        return command;
    }

    /// <summary>Trains and saves; returns the exit code.</summary>
    public static int Run(string outputPath, int epochs, ulong seed, string? dataDir, int channels = DigitModel.DefaultChannels, float learningRate = 1e-3f)
    {
        OutputPath.File(outputPath, "--out");
        var (train, test) = MnistData.Ensure(dataDir, Console.WriteLine);
        var model = DigitModel.Create(seed, learningRate, channels);
        var untrained = model.Evaluate(test).Loss;
        Console.WriteLine($"Training the digit CNN ({model.Network.ParameterCount:N0} parameters, {channels}/{2 * channels} channels, Adam {learningRate}, batch 64) on {train.Count:N0} digits, testing on {test.Count:N0}, {epochs} epochs, seed {seed}");
        var history = TrainingOutcome.Guard(() => model.Fit(train, new FitOptions
        {
            Epochs = epochs, BatchSize = 64, ShuffleSeed = seed, Validation = test,
            OnEpochEnd = r =>
            {
                Console.WriteLine($"epoch {r.Epoch}/{epochs}  loss {r.Loss:F4}  train {r.Accuracy * 100:F2}%  test {r.ValidationAccuracy * 100:F2}%  ({r.Seconds:F1} s)");
                return true;
            },
        }), learningRate, outputPath);
        TrainingOutcome.EnsureConverging(model, untrained, history[^1].ValidationLoss, learningRate, outputPath);
        model.Save(outputPath);
        var seconds = history.Select(h => h.Seconds).Order().ToList();
        Console.WriteLine($"test accuracy {history[^1].ValidationAccuracy * 100:F2}%, median epoch {seconds[seconds.Count / 2]:F1} s; wrote {outputPath}");
        return 0;
    }
}
