namespace Myelin.Training;

/// <summary>
/// The loss became NaN or infinite. Thrown before the optimizer step, so the weights are the last
/// good ones. Lower the learning rate, clip gradients, or check the inputs.
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
