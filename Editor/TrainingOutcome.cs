using Myelin.Training;

namespace Myelin.Editor;

/// <summary>
/// Decides whether a finished training run may be saved: a run that ended with a non-finite weight
/// or loss, or a loss above the untrained model's (a learning rate far too high, e.g. `--lr 1e6`,
/// saturates the network at finite but useless weights), diverged and is not written.
/// </summary>
public static class TrainingOutcome
{
    /// <summary>Throws <see cref="TrainingDivergedException"/> naming <paramref name="outputPath"/> and the learning rate when the run diverged.</summary>
    public static void EnsureConverging(Model model, double untrainedLoss, double trainedLoss, float learningRate, string outputPath)
    {
        string? why = null;
        if (!double.IsFinite(trainedLoss)) why = $"the loss became {trainedLoss}";
        else if (model.Parameters.Any(p => !p.ToArray().All(float.IsFinite))) why = "a weight became non-finite";
        else if (trainedLoss > untrainedLoss) why = $"the loss rose from {untrainedLoss:G4} (untrained) to {trainedLoss:G4}";
        if (why is not null) throw Diverged(why, learningRate, outputPath, model.Optimizer?.Steps ?? 0, null);
    }

    /// <summary>Runs <paramref name="train"/>; a divergence it reports is rethrown naming the output and the learning rate.</summary>
    public static T Guard<T>(Func<T> train, float learningRate, string outputPath)
    {
        try
        {
            return train();
        }
        catch (TrainingDivergedException e)
        {
            throw Diverged(e.Message.TrimEnd('.'), learningRate, outputPath, e.Step, e.Parameter);
        }
    }

    private static TrainingDivergedException Diverged(string why, float learningRate, string outputPath, int step, string? parameter) =>
        new($"Training diverged: {why}; {outputPath} was not written. Try a lower --lr (now {learningRate:G4}).", step, parameter);
}
