using Myelin.Demos.Detection;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Detection;

public class SyntheticCameraTests
{
    [Test]
    public void Render_IsDeterministicBySeedAndIndex()
    {
        var a = new SyntheticCamera(64, seed: 5).Render(37);
        var b = new SyntheticCamera(64, seed: 5).Render(37);
        Assert.That(a.Pixels, Is.EqualTo(b.Pixels));
        Assert.That(a.Boxes, Is.EqualTo(b.Boxes));
        var reused = new SyntheticCamera(64, seed: 5);
        var frame = new CameraFrame(64);
        reused.Render(200, frame); // another scene first: the scene cache must not leak
        reused.Render(37, frame);
        Assert.That(frame.Pixels, Is.EqualTo(a.Pixels));
        Assert.That(new SyntheticCamera(64, seed: 6).Render(37).Pixels, Is.Not.EqualTo(a.Pixels));
    }

    [Test]
    public void Boxes_CoverEveryPixelTheirObjectShows_AndStayInTheFrame()
    {
        var camera = new SyntheticCamera(96, seed: 2);
        var labelled = 0;
        var classes = new HashSet<int>();
        for (var index = 0; index < 300; index += 7)
        {
            var frame = camera.Render(index);
            Assert.That(frame.Pixels, Has.All.InRange(0f, 1f));
            var shown = new int[frame.Boxes.Count];
            for (var y = 0; y < frame.Size; y++)
                for (var x = 0; x < frame.Size; x++)
                {
                    var k = frame.Owner[y * frame.Size + x];
                    if (k < 0) continue;
                    shown[k]++;
                    Assert.That(frame.Boxes[k].Box.Contains(x + 0.5f, y + 0.5f), $"frame {index}: pixel ({x},{y}) of object {k} lies outside {frame.Boxes[k].Box}");
                }
            for (var k = 0; k < frame.Boxes.Count; k++)
            {
                var b = frame.Boxes[k].Box;
                Assert.That(b.X0 >= 0 && b.Y0 >= 0 && b.X1 <= frame.Size && b.Y1 <= frame.Size, $"{b} leaves the frame");
                Assert.That(shown[k], Is.GreaterThanOrEqualTo(SyntheticCamera.MinVisiblePixels), "a labelled object is visible");
                // The box is tight: its visible pixels fill a fair share of it.
                Assert.That(shown[k], Is.GreaterThan(0.15f * b.Area), $"frame {index}: box {b} is loose for {shown[k]} pixels");
                classes.Add(frame.Boxes[k].Class);
            }
            labelled += frame.Boxes.Count;
        }
        Assert.That(labelled, Is.GreaterThan(43), "about one or more objects per frame");
        Assert.That(classes, Has.Count.EqualTo(4));
    }

    [Test]
    public void InterleavedBytesRoundTripAndKeepTheChannelOrder()
    {
        var frame = new CameraFrame(8);
        var area = 64;
        // Pixel 5: red 1, green 0.5, blue 0 (and out-of-range values clamp).
        frame.Pixels[5] = 1f; frame.Pixels[area + 5] = 0.5f; frame.Pixels[2 * area + 5] = 0f;
        frame.Pixels[6] = 1.7f; frame.Pixels[2 * area + 6] = -0.3f;
        var rgba = new byte[4 * area];
        frame.ToInterleaved(rgba, channels: 4);
        Assert.That(rgba[20..24], Is.EqualTo(new byte[] { 255, 128, 0, 255 }));
        Assert.That(rgba[24..28], Is.EqualTo(new byte[] { 255, 0, 0, 255 }));
        var rgb = new byte[3 * area];
        frame.ToInterleaved(rgb, channels: 3);
        Assert.That(rgb[15..18], Is.EqualTo(new byte[] { 255, 128, 0 }));
        var back = new CameraFrame(8);
        back.FromInterleaved(rgb);
        Assert.That(back.Pixels[5], Is.EqualTo(1f));
        Assert.That(back.Pixels[area + 5], Is.EqualTo(128f / 255f));
        Assert.That(back.Pixels[2 * area + 6], Is.EqualTo(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.ToInterleaved(rgba, channels: 2));
        Assert.Throws<ArgumentException>(() => back.FromInterleaved(rgb.AsSpan(1)));
    }
}
