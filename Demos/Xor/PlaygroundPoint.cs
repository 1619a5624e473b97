namespace Myelin.Demos.Xor;

/// <summary>A point of the input plane [−6, 6]² with its label: ±1 for classes, a value in [−1, 1] for regression.</summary>
public readonly record struct PlaygroundPoint(float X, float Y, float Label);
