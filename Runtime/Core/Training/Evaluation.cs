namespace Myelin.Training;

/// <summary>Mean loss and accuracy over a dataset (accuracy NaN for regression losses).</summary>
public readonly record struct Evaluation(float Loss, float Accuracy, int Count);
