using System.Text.Json;
using Myelin.Editor;
using Myelin.Editor.Soak;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>Soak runs: the slope arithmetic on hand-worked points, and short runs of `sim agents` and a scene end to end.</summary>
[NonParallelizable]
public class SoakTests
{
    [Test]
    public void SlopeOfPointsOnALineIsItsGradient() =>
        Assert.That(TrendLine.Slope([0, 1, 2], [1, 3, 5]), Is.EqualTo(2).Within(1e-12));

    [Test]
    public void SlopeOfNoisyPointsIsTheLeastSquaresFit()
    {
        // t̄ = 1.5, ȳ = 0.5: Σ(t−t̄)(y−ȳ) = 0.75 − 0.25 − 0.25 + 0.75 = 1, Σ(t−t̄)² = 5.
        Assert.That(TrendLine.Slope([0, 1, 2, 3], [0, 1, 0, 1]), Is.EqualTo(0.2).Within(1e-12));
        Assert.That(TrendLine.Slope([0, 1, 2, 3], [5, 5, 5, 5]), Is.Zero, "flat");
        Assert.That(TrendLine.Slope([2], [7]), Is.Zero, "one point has no slope");
        Assert.Throws<ArgumentException>(() => TrendLine.Slope([0, 1], [0]));
    }

    [Test]
    public void TrendLeavesTheWarmUpOutOfTheSlopeButKeepsItsStartAndPeak()
    {
        // RSS jumps by 100 MB while loading (first minute), then creeps 2 MB a minute.
        const double mb = 1024 * 1024;
        var samples = new[] { 100.0, 200, 202, 204, 206 }.Select((v, i) => new ResourceSample(i, (long)(v * mb), 0, 10, 20)).ToList();
        var report = SoakReport.From(samples, frames: 300, warmUpMinutes: 1);
        Assert.That(report.RssMb.SlopePerMinute, Is.EqualTo(2).Within(1e-9));
        Assert.That((report.RssMb.Start, report.RssMb.End, report.RssMb.Max), Is.EqualTo((100.0, 206.0, 206.0)));
        Assert.That(report.Threads.SlopePerMinute, Is.Zero);
        Assert.That((report.Minutes, report.Frames, report.Samples), Is.EqualTo((4.0, 300L, 5)));
    }

    private static (int Code, string Out, string Err) RunCli(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var previous = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try { return (Cli.Run(args), output.ToString(), errors.ToString()); }
        finally
        {
            Console.SetOut(previous.Out);
            Console.SetError(previous.Error);
        }
    }

    private static void AssertSoakJson(string stdout)
    {
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var soak = json.RootElement.GetProperty("soak");
        Assert.That(soak.GetProperty("minutes").GetDouble(), Is.GreaterThanOrEqualTo(0.05));
        Assert.That(soak.GetProperty("frames").GetInt64(), Is.GreaterThan(0));
        Assert.That(soak.GetProperty("samples").GetInt32(), Is.GreaterThanOrEqualTo(3));
        Assert.That(soak.GetProperty("rss_mb").GetProperty("start").GetDouble(), Is.GreaterThan(1), "a .NET process holds megabytes");
        Assert.That(soak.GetProperty("heap_mb").GetProperty("end").GetDouble(), Is.GreaterThan(0));
        Assert.That(soak.GetProperty("threads").GetProperty("max").GetDouble(), Is.GreaterThanOrEqualTo(1));
        if (OperatingSystem.IsLinux()) Assert.That(soak.GetProperty("open_fds").GetProperty("start").GetDouble(), Is.GreaterThanOrEqualTo(3), "stdin, stdout, stderr");
        foreach (var name in new[] { "rss_mb", "heap_mb", "threads", "open_fds" })
            Assert.That(double.IsFinite(soak.GetProperty(name).GetProperty("slope_per_min").GetDouble()), name);
    }

    [Test]
    public void SimSoakRunsForItsTimeAndReportsTheDrift()
    {
        var (code, stdout, stderr) = RunCli("sim", "agents", "--agents", "30", "--soak", "0.05", "--max-fps", "60", "--json");
        Assert.That(code, Is.Zero, stderr);
        AssertSoakJson(stdout);
    }

    [Test]
    public void SceneSoakRunsHeadlessForItsTimeAndReportsTheDrift()
    {
        var (code, stdout, stderr) = RunCli("demo", "showcase", "--headless", "--soak", "0.05", "--width", "320", "--height", "200", "--json");
        Assert.That(code, Is.Zero, stderr);
        AssertSoakJson(stdout);
    }

    [Test]
    public void HumanOutputListsEachResourceWithItsSlope()
    {
        var (code, stdout, stderr) = RunCli("sim", "agents", "--agents", "30", "--soak", "0.02");
        Assert.That(code, Is.Zero, stderr);
        foreach (var label in new[] { "rss MB", "heap MB", "threads", "open fds" })
            Assert.That(stdout, Does.Match($"{label} .*slope [-+]?[0-9]"), label);
    }

    [TestCase("sim", "agents", "--soak", "0")]
    [TestCase("sim", "agents", "--soak", "-1")]
    [TestCase("sim", "agents", "--soak", "1", "--max-fps", "0")]
    [TestCase("demo", "showcase", "--headless", "--soak", "1", "--max-fps", "1e-300")]
    [TestCase("demo", "showcase", "--headless", "--soak", "20000")]
    public void SoakValuesOutOfRangeAreRefusedByName(params string[] args)
    {
        var (code, _, stderr) = RunCli(args);
        Assert.That(code, Is.EqualTo(Cli.UsageError));
        Assert.That(stderr, Does.Contain(args.Contains("--max-fps") ? "--max-fps: '" : "--soak: '").And.Contain("out of range"));
    }

    [TestCase("--food-density", "1000", "--food-density: '1000' is out of range; it must be at least 0.001 and at most 0.1")]
    [TestCase("--food-density", "-1", "--food-density: '-1' is out of range")]
    [TestCase("--agents", "100000000", "--agents: '100000000' is out of range; it must be 1..100000")]
    public void SimValuesOutOfRangeAreRefusedByName(string option, string value, string expected)
    {
        var (code, _, stderr) = RunCli("sim", "agents", option, value, "--frames", "1");
        Assert.That(code, Is.EqualTo(Cli.UsageError));
        Assert.That(stderr, Does.Contain(expected));
    }
}
