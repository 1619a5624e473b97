namespace Myelin.Graphics.App;

/// <summary>
/// One frame's clock: <paramref name="Index"/> counts from 0; <paramref name="Time"/> and
/// <paramref name="DeltaSeconds"/> are wall-clock in a window and a fixed 1/60 s step headless,
/// so headless runs (tests, PNG frames) are reproducible.
/// </summary>
public readonly record struct FrameInfo(long Index, double Time, float DeltaSeconds, int Width, int Height);
