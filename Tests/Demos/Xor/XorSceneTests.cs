using Myelin.Backends;
using Myelin.Demos.Xor;
using Myelin.Graphics.App;
using NUnit.Framework;
using StbImageSharp;

namespace Myelin.Tests.Demos.Xor;

/// <summary>The XOR playground scene, run headless through the scene runner as `myelin demo xor` runs it.</summary>
public class XorSceneTests
{
    private string _dir = null!;

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("myelin-xor-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void LearnsXorAndTheRenderedBoundaryHasTheRightColourAtEachCorner()
    {
        var scene = new XorScene();
        var result = SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 150, OutDir = _dir });
        Assert.That(Metric(result, "train_accuracy"), Is.EqualTo(1.0), "100% of the training points after 150 epochs");
        Assert.That(result.BytesAllocatedPerFrame, Is.EqualTo(0), "steady frames allocate nothing");

        using var file = File.OpenRead(result.Images[^1]);
        var image = ImageResult.FromStream(file, ColorComponents.RedGreenBlue);
        var r = XorScene.OutputRect;
        // TensorFlow Playground's XOR: x·y ≥ 0 is blue (+1), x·y < 0 orange (−1). Sample 30 px in from each corner.
        AssertColour(image, r.Right - 30, r.Y + 30, blue: true, "top right (+,+)");
        AssertColour(image, r.X + 30, r.Bottom - 30, blue: true, "bottom left (−,−)");
        AssertColour(image, r.X + 30, r.Y + 30, blue: false, "top left (−,+)");
        AssertColour(image, r.Right - 30, r.Bottom - 30, blue: false, "bottom right (+,−)");
    }

    [Test]
    public void ScriptedEditsAddALayerSwitchAnActivationAndPaintPoints()
    {
        var scene = new XorScene();
        var script = InputScript.Parse("""
            frame 3 drag 414 95 476 95 4
            frame 12 move 476 245
            frame 13 down left
            frame 14 up left
            frame 16 move 476 337
            frame 17 down left
            frame 18 up left
            frame 22 move 730 40
            frame 23 down left
            frame 24 up left
            frame 26 move 1000 330
            frame 27 down right
            frame 28 up right
            frame 30 move 860 200
            frame 31 down left
            frame 32 up left
            """);
        var before = new Playground(new PlaygroundSettings { Dataset = PlaygroundDataset.Xor });
        var result = SceneRunner.Run(scene, new SceneOptions { Headless = true, Frames = 60, Script = script });
        var p = scene.Playground;
        Assert.That(p.LayerCount, Is.EqualTo(3), "the hidden-layers slider dragged from 2 to 3");
        Assert.That(p.Settings.Layers[0].Activation, Is.EqualTo(UnaryKind.Relu), "layer 1's activation picked from the dropdown");
        Assert.That(p.Data.Train.Count, Is.EqualTo(before.Data.Train.Count + 3), "three painted points");
        Assert.That(p.Data.Train[^3].Label, Is.EqualTo(1f), "left click paints blue (+1)");
        Assert.That(p.Data.Train[^2].Label, Is.EqualTo(-1f), "right click paints orange (−1)");
        Assert.That(p.Data.Train[^3].X, Is.LessThan(-4f)); // painted near the top-left corner of the plane
        Assert.That(p.Data.Train[^3].Y, Is.GreaterThan(4f));
        Assert.That(float.IsFinite(p.TrainLoss), Is.True, "training goes on after the edits");
        Assert.That(Metric(result, "epoch"), Is.EqualTo(60));
    }

    private static double Metric(SceneRunResult result, string name) => result.Metrics.Single(m => m.Name == name).Value;

    private static void AssertColour(ImageResult image, float x, float y, bool blue, string where)
    {
        var i = ((int)y * image.Width + (int)x) * 3;
        int red = image.Data[i], b = image.Data[i + 2];
        Assert.That(blue ? b > red + 60 : red > b + 60, Is.True, $"{where}: rgb({red}, {image.Data[i + 1]}, {b}) should be {(blue ? "blue" : "orange")}");
    }
}
