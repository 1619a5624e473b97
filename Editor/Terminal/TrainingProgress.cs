using Myelin.Training;
using Spectre.Console;

namespace Myelin.Editor.Terminal;

/// <summary>
/// Shows training progress: a Spectre.Console bar with a log line every ~10% when stdout is a
/// terminal, the same log lines alone when it is redirected (CI logs, pipes).
/// </summary>
public static class TrainingProgress
{
    /// <summary>True when stdout is an interactive terminal.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Runs <paramref name="train"/>, handing it the per-epoch callback to pass to
    /// <see cref="FitOptions.OnEpochEnd"/>, and returns its result.
    /// </summary>
    public static T Run<T>(string title, int epochs, Func<Func<EpochResult, bool>, T> train)
    {
        var every = Math.Max(1, epochs / 10);
        bool IsLogged(EpochResult r) => r.Epoch == 1 || r.Epoch % every == 0 || r.Epoch == epochs;
        if (!Interactive)
            return train(r =>
            {
                if (IsLogged(r)) Console.WriteLine(Line(r, epochs));
                return true;
            });

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: epochs);
                result = train(r =>
                {
                    task.Value = r.Epoch;
                    if (IsLogged(r)) AnsiConsole.WriteLine(Line(r, epochs));
                    return true;
                });
                task.Value = epochs;
            });
        return result;
    }

    /// <summary>"epoch  1000/10000  loss 0.240112  acc  75%".</summary>
    public static string Line(EpochResult r, int epochs)
    {
        var width = epochs.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var acc = float.IsNaN(r.Accuracy) ? "" : $"  acc {r.Accuracy * 100,3:F0}%";
        return $"epoch {r.Epoch.ToString().PadLeft(width)}/{epochs}  loss {r.Loss:F6}{acc}";
    }
}
