using Myelin.Demos;
using Myelin.Graphics.App;
using Myelin.Graphics.Rendering;
using NUnit.Framework;

namespace Myelin.Tests.Demos;

/// <summary>
/// Every scene rendered headless at 1280×720 and at a small 800×600 target, checked on its last
/// frame with the UI's own layout rectangles (<see cref="LayoutLog"/>): each text box lies inside
/// the canvas and inside the panel it is drawn over, no two text boxes overlap (a legend over a
/// chart's title, a value over its label) and no text covers an area kept clear (a plot's points).
/// </summary>
public class SceneLayoutTests
{
    // A pixel of slack: text boxes are whole-pixel rounded, panels are not.
    private const float Slack = 1f;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var name in new[] { "xor", "digits", "agents", "detect", "showcase" })
            foreach (var (w, h) in new[] { (1280, 720), (800, 600) })
                yield return new TestCaseData(name, w, h).SetName($"{name} at {w}x{h}: text inside panels, nothing overlaps");
    }

    [TestCaseSource(nameof(Cases))]
    public void TextStaysInsideItsPanelAndOverlapsNothing(string name, int width, int height)
    {
        var log = new LayoutLog();
        var scene = SceneRegistry.Find(name)!.Create();
        SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 12, Width = width, Height = height, Layout = log });
        var canvas = scene.DesignSize is (> 0, > 0) design ? design : (width, height);
        AssertLayout(log, canvas.Item1, canvas.Item2);
    }

    [Test]
    public void TheOptimizerRaceLegendStaysOffTheChartTitle()
    {
        var log = new LayoutLog();
        var scene = SceneRegistry.Find("xor")!.Create();
        // The "optimizer race" switch, last in the Training panel on the 1280×720 canvas.
        var script = InputScript.Parse($"frame 2 move {RaceToggle.X} {RaceToggle.Y}\nframe 3 down left\nframe 4 up left\n");
        var result = SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 10, Script = script, Layout = log });
        Assert.That(result.Metrics.Single(m => m.Name == "race").Value, Is.EqualTo(1), "the click turned the race on");
        AssertLayout(log, 1280, 720);
    }

    private static (float X, float Y) RaceToggle => (1230, 570);

    [Test]
    public void ALongDropdownItemStaysInsideItsBox()
    {
        var log = new LayoutLog();
        var scene = SceneRegistry.Find("xor")!.Create();
        // Open the dataset drop-down (Data panel) and pick its sixth item, "Multi-Gaussian (regression)".
        var script = InputScript.Parse("""
            frame 2 move 133 104
            frame 3 down left
            frame 4 up left
            frame 6 move 133 286
            frame 7 down left
            frame 8 up left
            """);
        SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 12, Script = script, Layout = log });
        Assert.That(((Myelin.Demos.Xor.XorScene)scene).Playground.Settings.Dataset, Is.EqualTo(Myelin.Demos.Xor.PlaygroundDataset.MultiGaussian));
        AssertLayout(log, 1280, 720);
    }

    /// <summary>The three rules, each failure naming the rectangles involved.</summary>
    internal static void AssertLayout(LayoutLog log, int width, int height)
    {
        Assert.That(log.Dropped, Is.Zero, "the log kept the whole frame");
        var entries = log.Entries.ToArray();
        var texts = entries.Where(e => e.Kind == LayoutRole.Text && e.Rect.Width > 0).Select(e => e.Rect).ToArray();
        var panels = entries.Where(e => e.Kind == LayoutRole.Panel).Select(e => e.Rect).ToArray();
        var clear = entries.Where(e => e.Kind == LayoutRole.Clear).Select(e => e.Rect).ToArray();
        Assert.That(texts, Is.Not.Empty, "the frame drew text");
        var problems = new List<string>();
        var frame = new RectF(0, 0, width, height);
        foreach (var t in texts)
        {
            if (!Inside(t, frame)) problems.Add($"text {t} runs off the {width}x{height} canvas");
            var over = panels.Where(p => Overlap(t, p)).ToArray();
            if (over.Length == 0) problems.Add($"text {t} floats outside every panel");
            else if (!over.Any(p => Inside(t, p))) problems.Add($"text {t} spills out of panel {over[0]}");
            foreach (var c in clear)
                if (Overlap(t, c)) problems.Add($"text {t} covers the content area {c}");
        }
        for (var i = 0; i < texts.Length; i++)
            for (var j = i + 1; j < texts.Length; j++)
                if (Overlap(texts[i], texts[j])) problems.Add($"text {texts[i]} overlaps text {texts[j]}");
        Assert.That(problems.Count, Is.Zero, $"{problems.Count} layout problems:\n" + string.Join("\n", problems.Take(12)));
    }

    private static bool Inside(RectF inner, RectF outer) =>
        inner.X >= outer.X - Slack && inner.Y >= outer.Y - Slack && inner.Right <= outer.Right + Slack && inner.Bottom <= outer.Bottom + Slack;

    private static bool Overlap(RectF a, RectF b) =>
        a.X < b.Right - Slack && b.X < a.Right - Slack && a.Y < b.Bottom - Slack && b.Y < a.Bottom - Slack;
}
