using System.CommandLine;
using Myelin.Demos.Digits;
using Myelin.Editor.Data;
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
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training digits.", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights and the shuffling.", DefaultValueFactory = _ => 1 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "MNIST data folder [default: $MYELIN_DATA or ~/.cache/myelin/mnist]; fetched when missing." };
        epochs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0) r.AddError("--epochs must be positive.");
        });
        var command = new Command("digits", "Train the digit CNN on MNIST (8,000 train / 2,000 test) and save it.") { output, epochs, seed, data };
        command.SetAction(p => Run(p.GetValue(output)!.FullName, p.GetValue(epochs), p.GetValue(seed), p.GetValue(data)?.FullName));
        return command;
    }

    /// <summary>Trains and saves; returns the exit code.</summary>
    public static int Run(string outputPath, int epochs, ulong seed, string? dataDir)
    {
        var (train, test) = MnistData.Ensure(dataDir, Console.WriteLine);
        var model = DigitModel.Create(seed);
        Console.WriteLine($"Training the digit CNN ({model.Network.ParameterCount:N0} parameters, Adam 1e-3, batch 64) on {train.Count:N0} digits, testing on {test.Count:N0}, {epochs} epochs, seed {seed}");
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
