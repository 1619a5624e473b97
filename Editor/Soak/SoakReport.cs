using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Myelin.Editor.Soak;

/// <summary>What a soak run measured: how long, how many frames, and the drift of memory, threads and open files.</summary>
public sealed record SoakReport
{
    /// <summary>Minutes the run lasted.</summary>
    public double Minutes { get; init; }
    /// <summary>Frames run.</summary>
    public long Frames { get; init; }
    /// <summary>Resource samples taken.</summary>
    public int Samples { get; init; }
    /// <summary>Samples before this many minutes are left out of the slopes (JIT, caches, pools filling).</summary>
    public double WarmUpMinutes { get; init; }
    /// <summary>Resident set size, MB.</summary>
    public ResourceTrend RssMb { get; init; }
    /// <summary>Managed heap still referenced after a full collection, MB.</summary>
    public ResourceTrend HeapMb { get; init; }
    /// <summary>Threads of the process.</summary>
    public ResourceTrend Threads { get; init; }
    /// <summary>Open file descriptors (-1 without /proc/self/fd).</summary>
    public ResourceTrend OpenFiles { get; init; }

    /// <summary>The report of <paramref name="samples"/> (in time order) over a run of <paramref name="frames"/> frames.</summary>
    public static SoakReport From(IReadOnlyList<ResourceSample> samples, long frames, double warmUpMinutes)
    {
        const double mb = 1024.0 * 1024.0;
        return new SoakReport
        {
            Minutes = samples.Count > 0 ? samples[^1].Minutes : 0,
            Frames = frames,
            Samples = samples.Count,
            WarmUpMinutes = warmUpMinutes,
            RssMb = ResourceTrend.Of(samples, s => s.RssBytes / mb, warmUpMinutes),
            HeapMb = ResourceTrend.Of(samples, s => s.HeapBytes / mb, warmUpMinutes),
            Threads = ResourceTrend.Of(samples, s => s.Threads, warmUpMinutes),
            OpenFiles = ResourceTrend.Of(samples, s => s.OpenFiles, warmUpMinutes),
        };
    }

    /// <summary>Human lines: duration and frames, then one line per resource.</summary>
    public IEnumerable<string> Lines()
    {
        yield return FormattableString.Invariant($"soak {Minutes:F2} min, {Frames} frames, {Samples} samples; slopes fitted after a {WarmUpMinutes:F2} min warm-up");
        yield return $"  rss MB    {RssMb.Describe("F1")}";
        yield return $"  heap MB   {HeapMb.Describe("F2")}";
        yield return $"  threads   {Threads.Describe("F0")}";
        yield return $"  open fds  {OpenFiles.Describe("F0")}";
    }

    /// <summary>
    /// <paramref name="result"/> (one JSON object) with this report added as its "soak" object:
    /// minutes, frames, samples, warmup_minutes and one {start, end, max, slope_per_min} per resource.
    /// </summary>
    public string AddTo(string result)
    {
        var root = JsonNode.Parse(result)!.AsObject();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream)) WriteJson(json);
        root["soak"] = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        return root.ToJsonString();
    }

    private void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("minutes", Math.Round(Minutes, 4));
        json.WriteNumber("frames", Frames);
        json.WriteNumber("samples", Samples);
        json.WriteNumber("warmup_minutes", Math.Round(WarmUpMinutes, 4));
        Write(json, "rss_mb", RssMb);
        Write(json, "heap_mb", HeapMb);
        Write(json, "threads", Threads);
        Write(json, "open_fds", OpenFiles);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, string name, ResourceTrend trend)
    {
        json.WriteStartObject(name);
        json.WriteNumber("start", Math.Round(trend.Start, 3));
        json.WriteNumber("end", Math.Round(trend.End, 3));
        json.WriteNumber("max", Math.Round(trend.Max, 3));
        json.WriteNumber("slope_per_min", Math.Round(trend.SlopePerMinute, 6));
        json.WriteEndObject();
    }
}
