using System.Diagnostics;

namespace Myelin.Editor.Soak;

/// <summary>Caps a loop's rate by sleeping until each frame's slot (`--max-fps`), so long runs leave CPU to others.</summary>
public sealed class FramePacer(double maxFps)
{
    private readonly long _interval = (long)(Stopwatch.Frequency / maxFps);
    private long _next = Stopwatch.GetTimestamp();

    /// <summary>Sleeps until the next frame is due; a late frame resets the schedule instead of bursting to catch up.</summary>
    public void Wait()
    {
        _next += _interval;
        var now = Stopwatch.GetTimestamp();
        if (_next <= now)
        {
            _next = now;
            return;
        }
        Thread.Sleep(TimeSpan.FromTicks((_next - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
    }
}
