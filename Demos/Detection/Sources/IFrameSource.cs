namespace Myelin.Demos.Detection.Sources;

/// <summary>
/// Where the detection scene's camera frames come from: the synthetic game camera (labels free with
/// every frame), a video file or a V4L2 webcam through ffmpeg (no labels unless a labels file was
/// recorded with it). Frames are square, <see cref="Size"/>² RGB in [0, 1], channel-major (3, H, W):
/// non-square video is scaled to fit and padded by the source.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What the source reads, for the UI and messages ("synthetic seed 1", "clip.mp4", "/dev/video0").</summary>
    string Name { get; }

    /// <summary>Frame width and height in pixels.</summary>
    int Size { get; }

    /// <summary>True when frames carry ground-truth boxes (synthetic, or video with a recorded labels file).</summary>
    bool HasLabels { get; }

    /// <summary>
    /// Fills <paramref name="frame"/> (of <see cref="Size"/>²) with the next frame and, when
    /// <see cref="HasLabels"/>, its boxes (otherwise <c>frame.Boxes</c> is cleared). Returns false
    /// when no frame is available and leaves <paramref name="frame"/> unchanged: a live source
    /// between frames (<see cref="Error"/> null: keep showing the last one), or a stream that ended
    /// or failed (<see cref="Error"/> says why); never throws for a failing stream, so a scene keeps
    /// running. Allocates nothing in steady state.
    /// </summary>
    bool TryRead(CameraFrame frame);

    /// <summary>Why the last <see cref="TryRead"/> failed (null while frames flow).</summary>
    string? Error { get; }
}
