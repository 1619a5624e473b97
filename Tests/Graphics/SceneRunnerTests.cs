using System.Text.Json;
using Myelin.Demos;
using Myelin.Graphics.App;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>The showcase runs headless end to end: frames, PNGs, JSON, no steady-state allocation, scripted clicks.</summary>
[TestFixture]
public class SceneRunnerTests
{
    private string _dir = null!;

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("myelin-scene-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ShowcaseRunsHeadlessWritesPngsAndReportsSaneJson()
    {
        var scene = SceneRegistry.Find("showcase")!.Create();
        var result = SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 40, OutDir = _dir, Width = 640, Height = 400 });
        TestContext.Out.WriteLine(result.ToJson());

        Assert.That(result.Images, Has.Count.EqualTo(10), "every 4th frame of 40, the last included");
        Assert.That(result.Images[^1], Does.EndWith("showcase-00039.png"));
        foreach (var path in result.Images)
        {
            var head = File.ReadAllBytes(path).AsSpan(0, 8).ToArray();
            Assert.That(head, Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), path);
        }

        using var json = JsonDocument.Parse(result.ToJson());
        var root = json.RootElement;
        Assert.That(root.GetProperty("frames").GetInt32(), Is.EqualTo(40));
        Assert.That(root.GetProperty("fps").GetDouble(), Is.GreaterThan(0));
        var mean = root.GetProperty("frame_ms_mean").GetDouble();
        Assert.That(mean, Is.InRange(0.01, 5000));
        Assert.That(root.GetProperty("frame_ms_p99").GetDouble(), Is.GreaterThanOrEqualTo(mean * 0.5));
        Assert.That(root.GetProperty("bytes_allocated_per_frame").GetDouble(), Is.Zero, "steady-state frames allocate nothing");
        Assert.That(root.GetProperty("clicks").GetDouble(), Is.Zero, "the scene's own metrics follow");
    }

    [Test]
    public void ScriptedClickReachesTheShowcaseButton()
    {
        // The "Reset chart" button of the showcase's panel at 1280x720 (see the PNGs).
        var script = InputScript.Parse("frame 3 move 170 170\nframe 4 down left\nframe 5 up left\n");
        var result = SceneRunner.Run(SceneRegistry.Find("showcase")!.Create(), new SceneOptions { Headless = true, Frames = 8, Script = script });
        Assert.That(result.Metrics.Single(m => m.Name == "clicks").Value, Is.EqualTo(1));
    }
}
