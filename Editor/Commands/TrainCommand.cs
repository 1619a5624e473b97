using System.CommandLine;

namespace Myelin.Editor.Commands;

/// <summary>`myelin train &lt;task&gt;`: groups the training commands.</summary>
public static class TrainCommand
{
    /// <summary>Creates the command with its subcommands.</summary>
    public static Command Create()
    {
        var train = new Command("train", "Train a network and write the model and plots.")
        {
            TrainXorCommand.Create(),
            TrainDigitsCommand.Create(),
            TrainDetectCommand.Create(),
        };
        TrainConfigCommand.AddTo(train);
        return train;
    }
}
