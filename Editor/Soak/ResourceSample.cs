namespace Myelin.Editor.Soak;

/// <summary>The process's resources at one moment of a soak run.</summary>
/// <param name="Minutes">Time since the soak started, minutes.</param>
/// <param name="RssBytes">Resident set size (physical memory in use), bytes.</param>
/// <param name="HeapBytes">Managed heap still referenced after a full collection, bytes.</param>
/// <param name="Threads">Threads of the process.</param>
/// <param name="OpenFiles">Open file descriptors; -1 where /proc/self/fd is not available.</param>
public readonly record struct ResourceSample(double Minutes, long RssBytes, long HeapBytes, int Threads, int OpenFiles);
