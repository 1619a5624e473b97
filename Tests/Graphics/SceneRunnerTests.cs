using System.Text.Json;
using Myelin.Demos;
using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using Myelin.Graphics.Rendering;
using NUnit.Framework;
using StbImageSharp;

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

    [Test]
    public void ADesignSizeIsScaledToFitCentredWithThePointerInCanvasPixels()
    {
        // A 200×100 canvas on a 400×400 target: scale 2, drawn at rows 100..299, bars above and below.
        var scene = new Canvas200x100();
        var script = InputScript.Parse("frame 2 move 150 25\n");
        var result = SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 4, OutDir = _dir, Width = 400, Height = 400, Script = script });
        Assert.That(scene.Seen, Is.EqualTo((200, 100)), "the scene sees its canvas size");
        Assert.That(scene.Pointer, Is.EqualTo((150f, 25f)), "scripted positions are canvas pixels");
        using var file = File.OpenRead(result.Images[^1]);
        var image = ImageResult.FromStream(file, ColorComponents.RedGreenBlue);
        (int R, int G, int B) At(int x, int y) { var i = (y * image.Width + x) * 3; return (image.Data[i], image.Data[i + 1], image.Data[i + 2]); }
        Assert.That(At(20, 50), Is.EqualTo((0, 0, 0)), "letterbox above the canvas is the cleared background");
        Assert.That(At(20, 350), Is.EqualTo((0, 0, 0)), "and below");
        Assert.That(At(20, 120), Is.EqualTo((255, 0, 0)), "canvas left half (x < 100) is red, scaled ×2");
        Assert.That(At(380, 280), Is.EqualTo((0, 0, 255)), "canvas right half is blue");
        Assert.That(At(198, 200), Is.EqualTo((255, 0, 0)));
        Assert.That(At(202, 200), Is.EqualTo((0, 0, 255)));
    }

    private sealed class Canvas200x100 : IScene
    {
        public (int, int) Seen;
        public (float, float) Pointer;
        public string Name => "canvas";
        public string Description => "test";
        public (int Width, int Height) DesignSize => (200, 100);
        public IReadOnlyList<SceneMetric> Metrics => [];
        public void Load(SceneContext context) { }
        public void Update(in FrameInfo frame, InputState input)
        {
            Seen = (frame.Width, frame.Height);
            Pointer = (input.MouseX, input.MouseY);
        }
        public void Render(SceneContext c)
        {
            c.Clear(new Color32(0, 0, 0, 255));
            c.Batch.FillRect(0, 0, 100, 100, new Color32(255, 0, 0, 255));
            c.Batch.FillRect(100, 0, 100, 100, new Color32(0, 0, 255, 255));
        }
        public void Dispose() { }
    }
}
