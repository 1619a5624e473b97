namespace Myelin.Demos.Detection;

/// <summary>A ground-truth object: its box and class index (see <see cref="ObjectClass"/>).</summary>
public readonly record struct LabeledBox(Box Box, int Class);
