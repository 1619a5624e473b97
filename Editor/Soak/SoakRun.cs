namespace Myelin.Editor.Soak;

/// <summary>
/// The `--soak MINUTES` and `--max-fps F` options of a frame loop (`demo`, `sim agents`): paces frames,
/// and starts a <see cref="SoakMonitor"/> at the first finished frame, so loading is not part of the trend.
/// </summary>
public sealed class SoakRun(double? minutes, double? maxFps, TextWriter? progress)
{
    /// <summary>The lowest `--max-fps` accepted (one frame each 10 s).</summary>
    public const double MinFps = 0.1;

    /// <summary>The highest `--max-fps` accepted.</summary>
    public const double MaxFps = 10_000;

    private readonly FramePacer? _pacer = maxFps is { } fps ? new FramePacer(fps) : null;
    private SoakMonitor? _monitor;

    /// <summary>Whether the loop needs <see cref="AfterFrame"/> called at all (a soak or a frame cap was asked for).</summary>
    public bool Active => minutes is not null || _pacer is not null;

    /// <summary>Call after each frame: waits for the frame cap, then samples; false once the soak time is up.</summary>
    public bool AfterFrame()
    {
        _pacer?.Wait();
        if (minutes is not { } m) return true;
        _monitor ??= new SoakMonitor(m, progress);
        return _monitor.AfterFrame();
    }

    /// <summary>The soak's report, or null when no soak ran.</summary>
    public SoakReport? Finish() => _monitor?.Report();
}
