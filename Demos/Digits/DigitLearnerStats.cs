namespace Myelin.Demos.Digits;

/// <summary>
/// A snapshot of <see cref="DigitLearner"/>'s progress: optimizer <paramref name="Steps"/>, completed
/// <paramref name="Epoch"/>s, the running training accuracy and loss, the last epoch's
/// <paramref name="TestAccuracy"/> (NaN before one), whether the test set is being evaluated (and how
/// far), how many "teach" requests were applied, and the wall-clock <paramref name="Seconds"/> since
/// the learner started.
/// </summary>
public readonly record struct DigitLearnerStats(
    long Steps, int Epoch, float RunningAccuracy, float RunningLoss, float TestAccuracy,
    bool Evaluating, int Evaluated, int Taught, double Seconds);
