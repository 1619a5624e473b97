namespace Myelin.Training.Config;

/// <summary>
/// What <see cref="ConfigTraining.Run"/> produced: the trained model, the per-epoch history, the
/// final test evaluation (null without a test set), and the epoch with the lowest monitored loss.
/// </summary>
public sealed record ConfigResult(Model Model, IReadOnlyList<EpochResult> History, Evaluation? Test, int BestEpoch, float BestLoss);
