using Myelin.Graphics;
using Myelin.Graphics.Rendering;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>The line chart's x axis: what it holds spans the plot.</summary>
[TestFixture]
public sealed class LineChartTests
{
    private RenderTestTarget _target = null!;

    [OneTimeSetUp] public void Create() => _target = new RenderTestTarget(320, 200);
    [OneTimeTearDown] public void Destroy() => _target.Dispose();

    [Test]
    public void AYoungHistorySpansThePlotFromItsLeftEdge()
    {
        // 20 values in a 300-value chart: the line must start at the plot's left edge (the "0"
        // label's place), not in its right 20/300.
        var chart = new LineChart(300) { MinY = 0, MaxY = 2 };
        var red = chart.AddSeries("loss", new Color32(255, 0, 0, 255));
        for (var i = 0; i < 20; i++) chart.Push(red, 1f);
        var pixels = _target.Render(batch => chart.Draw(batch, _target.Text, new RectF(0, 0, _target.Width, _target.Height)));

        int first = -1, last = -1;
        for (var x = 0; x < _target.Width; x++)
            for (var y = 0; y < _target.Height; y++)
            {
                var (r, g, b) = _target.Pixel(pixels, x, y);
                if (r < 200 || g > 60 || b > 60) continue;
                if (first < 0) first = x;
                last = x;
            }
        Assert.That(first, Is.GreaterThanOrEqualTo(0), "the series is drawn");
        Assert.That(first, Is.LessThan(_target.Width / 3), $"the line starts at x = {first}");
        Assert.That(last, Is.GreaterThan(_target.Width * 3 / 4), $"the line ends at x = {last}");
    }
}
