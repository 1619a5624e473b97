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
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training digits.", DefaultValueFactory = _ => 6 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and the shuffling.", DefaultValueFactory = _ => 1 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "MNIST data folder [default: $MYELIN_DATA/mnist or ~/.cache/myelin/mnist]; fetched when missing." };
        var channels = new Option<int>("--channels") { Description = "Channels of the first conv layer (the second has twice as many; 8 = benchmark W3).", DefaultValueFactory = _ => DigitModel.DefaultChannels };
        var lr = new Option<float>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3f };
        epochs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0) r.AddError("--epochs must be positive.");
        });
        var command = new Command("digits", "Train the digit CNN on MNIST (8,000 train / 2,000 test) and save it.") { output, epochs, seed, data, channels, lr };
        command.SetAction(p => Run(p.GetValue(output)!.FullName, p.GetValue(epochs), p.GetValue(seed), p.GetValue(data)?.FullName, p.GetValue(channels), p.GetValue(lr)));
        return command;
    }

    /// <summary>Trains and saves; returns the exit code.</summary>
    public static int Run(string outputPath, int epochs, ulong seed, string? dataDir, int channels = DigitModel.DefaultChannels, float learningRate = 1e-3f)
    {
        var (train, test) = MnistData.Ensure(dataDir, Console.WriteLine);
        var model = DigitModel.Create(seed, learningRate, channels);
        Console.WriteLine($"Training the digit CNN ({model.Network.ParameterCount:N0} parameters, {channels}/{2 * channels} channels, Adam {learningRate}, batch 64) on {train.Count:N0} digits, testing on {test.Count:N0}, {epochs} epochs, seed {seed}");
        var history = model.Fit(train, new FitOptions
        {
            Epochs = epochs, BatchSize = 64, ShuffleSeed = seed, Validation = test,
            OnEpochEnd = r =>
            {
                Console.WriteLine($"epoch {r.Epoch}/{epochs}  loss {r.Loss:F4}  train {r.Accuracy * 100:F2}%  test {r.ValidationAccuracy * 100:F2}%  ({r.Seconds:F1} s)");
                return true;
            },
        });
        model.Save(outputPath);
        var seconds = history.Select(h => h.Seconds).Order().ToList();
        Console.WriteLine($"test accuracy {history[^1].ValidationAccuracy * 100:F2}%, median epoch {seconds[seconds.Count / 2]:F1} s; wrote {outputPath}");
        return 0;
    }
}
