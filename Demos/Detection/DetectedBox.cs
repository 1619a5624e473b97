namespace Myelin.Demos.Detection;

/// <summary>A predicted object: box, class index and confidence score in [0, 1].</summary>
public readonly record struct DetectedBox(Box Box, int Class, float Score);
