using System.Diagnostics;
using System.Globalization;

namespace Myelin.Editor.Soak;

/// <summary>
/// Drives a soak run (`--soak MINUTES`): called after each frame, it samples the process's resources
/// about 180 times over the run, prints a progress report about six times, and says when time is up.
/// Sampling allocates and collects garbage, so it happens between frames, never inside the measured part.
/// </summary>
public sealed class SoakMonitor
{
    /// <summary>The longest soak accepted: a week.</summary>
    public const double MaxMinutes = 7 * 24 * 60;

    private readonly List<ResourceSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TextWriter? _progress;
    private readonly double _sampleEvery;
    private readonly double _reportEvery;
    private double _nextSample;
    private double _nextReport;
    private long _frames;

    /// <summary>Starts the clock and takes the first sample.</summary>
    /// <param name="minutes">How long the run lasts, more than 0 and at most <see cref="MaxMinutes"/>.</param>
    /// <param name="progress">Where periodic reports go; null prints none.</param>
    public SoakMonitor(double minutes, TextWriter? progress = null)
    {
        if (!(minutes > 0 && minutes <= MaxMinutes))
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, $"--soak must be more than 0 and at most {MaxMinutes} minutes.");
        Minutes = minutes;
        _progress = progress;
        // 180 samples over the run, but no faster than 20 a second nor slower than one each 10 s.
        _sampleEvery = Math.Clamp(minutes / 180, 1.0 / 1200, 10.0 / 60);
        _reportEvery = minutes / 6;
        // The first sixth (at most 5 minutes) is left out of the slopes: the JIT, caches and pools fill then.
        WarmUpMinutes = Math.Min(minutes / 6, 5);
        Sample();
        _nextReport = _reportEvery;
    }

    /// <summary>How long the run lasts, minutes.</summary>
    public double Minutes { get; }

    /// <summary>Samples before this are left out of the slopes.</summary>
    public double WarmUpMinutes { get; }

    private double Elapsed => _clock.Elapsed.TotalMinutes;

    /// <summary>Counts a finished frame, samples and reports when due; false once the time is up.</summary>
    public bool AfterFrame()
    {
        _frames++;
        var now = Elapsed;
        if (now >= Minutes)
        {
            // The last sample is taken here, while the scene still runs: after the loop it is torn down,
            // and its released threads and heap would read as a drop.
            Sample();
            return false;
        }
        if (now >= _nextSample) Sample();
        if (_progress is not null && now >= _nextReport)
        {
            while (_nextReport <= now) _nextReport += _reportEvery;
            _progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak {now:F2}/{Minutes:F2} min:"));
            foreach (var line in Report().Lines().Skip(1)) _progress.WriteLine(line);
        }
        return true;
    }

    /// <summary>The report of the samples taken (a run cut short, by --frames or a closed window, ends at its latest periodic sample).</summary>
    public SoakReport Report() => SoakReport.From(_samples, _frames, WarmUpMinutes);

    private void Sample()
    {
        var now = Elapsed;
        _samples.Add(ProcessProbe.Read(now));
        _nextSample = now + _sampleEvery;
    }
}
