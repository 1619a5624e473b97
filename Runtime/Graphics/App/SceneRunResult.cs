using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Myelin.Graphics.App;

/// <summary>What a run measured. Timing and allocation cover the frames after warm-up; PNG writing is excluded.</summary>
public sealed record SceneRunResult
{
    /// <summary>The scene's name.</summary>
    public required string Scene { get; init; }
    /// <summary>"headless" or "window".</summary>
    public required string Mode { get; init; }
    /// <summary>Target width in pixels.</summary>
    public int Width { get; init; }
    /// <summary>Target height in pixels.</summary>
    public int Height { get; init; }
    /// <summary>Frames run, warm-up included.</summary>
    public long Frames { get; init; }
    /// <summary>Frames per second over the measured frames (1000 / mean frame time).</summary>
    public double Fps { get; init; }
    /// <summary>Mean frame time, milliseconds (input, update, render, and GPU finish or swap).</summary>
    public double FrameMsMean { get; init; }
    /// <summary>99th-percentile frame time, milliseconds.</summary>
    public double FrameMsP99 { get; init; }
    /// <summary>Managed bytes allocated per measured frame on the frame thread.</summary>
    public double BytesAllocatedPerFrame { get; init; }
    /// <summary>Batch2D draw calls in the last frame.</summary>
    public int DrawCalls { get; init; }
    /// <summary>PNG files written.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];
    /// <summary>The scene's own metrics.</summary>
    public IReadOnlyList<SceneMetric> Metrics { get; init; } = [];

    /// <summary>One line of JSON: frames, fps, frame_ms_mean, frame_ms_p99, bytes_allocated_per_frame, ... then the scene's metrics.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("scene", Scene);
            json.WriteString("mode", Mode);
            json.WriteNumber("width", Width);
            json.WriteNumber("height", Height);
            json.WriteNumber("frames", Frames);
            json.WriteNumber("fps", Math.Round(Fps, 2));
            json.WriteNumber("frame_ms_mean", Math.Round(FrameMsMean, 3));
            json.WriteNumber("frame_ms_p99", Math.Round(FrameMsP99, 3));
            json.WriteNumber("bytes_allocated_per_frame", Math.Round(BytesAllocatedPerFrame, 1));
            json.WriteNumber("draw_calls", DrawCalls);
            json.WriteNumber("images", Images.Count);
            foreach (var m in Metrics)
            {
                if (double.IsFinite(m.Value)) json.WriteNumber(m.Name, m.Value);
                else json.WriteNull(m.Name);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A one-line human summary.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scene} ({Mode} {Width}x{Height}): {Frames} frames, {FrameMsMean:F2} ms mean, {FrameMsP99:F2} ms p99, {BytesAllocatedPerFrame:F0} B allocated/frame, {Images.Count} PNG(s)");
}
