namespace Myelin.Demos.Detection.Sources;

/// <summary>How <see cref="FfmpegVideoWriter"/> encodes frames.</summary>
public enum VideoCodec
{
    /// <summary>H.264 (libx264), yuv420p, CRF 18: small, plays everywhere; colours are subsampled so edges blur slightly.</summary>
    H264,
    /// <summary>Lossless H.264 in RGB (libx264rgb, QP 0): bit-exact RGB24 frames; larger, plays in ffmpeg/VLC/mpv but not every browser.</summary>
    Lossless,
}
