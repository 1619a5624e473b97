namespace Myelin.Graphics.App;

/// <summary>A named number a scene reports for --json (e.g. "loss", "accuracy").</summary>
public readonly record struct SceneMetric(string Name, double Value);
