namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// A frame source could not be opened: ffmpeg, the file or the device is missing, or the stream is
/// unreadable. The message names what was wrong and the fix.
/// </summary>
public sealed class FrameSourceException : IOException
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public FrameSourceException(string message) : base(message) { }

    /// <summary>An error with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public FrameSourceException(string message, Exception inner) : base(message, inner) { }
}
