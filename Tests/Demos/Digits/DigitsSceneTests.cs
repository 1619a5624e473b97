using System.Globalization;
using System.Text;
using Myelin.Demos.Digits;
using Myelin.Demos.Digits.Data;
using Myelin.Graphics.App;
using NUnit.Framework;
using StbImageSharp;

namespace Myelin.Tests.Demos.Digits;

/// <summary>
/// The digit canvas scene, run headless as `myelin demo digits --model FILE --data DIR --script FILE`
/// runs it: the ten digits are drawn with the mouse as a person writes them and read by the committed
/// model (Tests/Data/digits, made by `myelin train digits`), with training off so frames are reproducible.
/// </summary>
public class DigitsSceneTests
{
    private const int FramesPerDigit = 24;
    private string _dir = null!;

    /// <summary>
    /// The ten digits as strokes in a 100×100 box, written by hand the way people write them (a 4 in
    /// two strokes, a 5 with its flag added last, an 8 as one looping stroke), not traced from MNIST.
    /// </summary>
    private static readonly int[][][] s_digits =
    [
        [[50, 0, 28, 6, 14, 24, 8, 50, 13, 76, 30, 95, 52, 100, 72, 92, 86, 70, 90, 44, 82, 18, 66, 3, 46, 2]],
        [[52, 2, 51, 30, 49, 60, 47, 98]],
        [[14, 22, 28, 5, 52, 0, 74, 8, 80, 28, 70, 48, 46, 70, 16, 98, 50, 96, 88, 98]],
        [[14, 10, 38, 0, 66, 4, 76, 20, 64, 38, 40, 46, 66, 54, 80, 74, 68, 94, 40, 100, 12, 90]],
        [[54, 0, 32, 34, 14, 64, 50, 64, 86, 62], [66, 4, 64, 50, 62, 100]],
        [[24, 2, 20, 44, 48, 36, 72, 46, 80, 70, 66, 94, 36, 100, 14, 88], [24, 2, 52, 1, 80, 0]],
        [[70, 0, 46, 14, 26, 42, 18, 72, 28, 96, 54, 100, 74, 86, 72, 62, 50, 52, 28, 62, 20, 76]],
        [[12, 4, 48, 4, 86, 4, 66, 36, 50, 68, 40, 100]],
        [[74, 10, 50, 0, 26, 8, 26, 30, 50, 48, 76, 66, 78, 88, 50, 100, 22, 88, 24, 66, 50, 48, 72, 30, 72, 12, 62, 4]],
        [[78, 20, 60, 3, 34, 5, 22, 24, 34, 42, 60, 40, 78, 20, 76, 56, 72, 100]],
    ];

    [SetUp] public void MakeDir() => _dir = Directory.CreateTempSubdirectory("myelin-digits-").FullName;
    [TearDown] public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static string ModelPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "digits", "digits-model.myelin");

    /// <summary>The committed MNIST sample imported as the scene's data folder (no npm, no network).</summary>
    private string DataDir()
    {
        var data = Path.Combine(_dir, "mnist");
        MnistFetcher.Import(Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "mnist-sample"), data, _ => { });
        return data;
    }

    /// <summary>Digit d: clear at frame 24·d, strokes one vertex per frame, read at frame 24·d + 23.</summary>
    private static string Script()
    {
        var script = new StringBuilder();
        for (var d = 0; d < 10; d++)
        {
            var frame = d * FramesPerDigit;
            script.Append(CultureInfo.InvariantCulture, $"frame {frame} key C\n");
            frame++;
            foreach (var stroke in s_digits[d])
            {
                for (var i = 0; i < stroke.Length; i += 2)
                {
                    var (x, y) = ToScreen(stroke[i], stroke[i + 1]);
                    script.Append(CultureInfo.InvariantCulture, $"frame {frame} move {x} {y}\n");
                    if (i == 0) script.Append(CultureInfo.InvariantCulture, $"frame {frame} down left\n");
                    frame++;
                }
                script.Append(CultureInfo.InvariantCulture, $"frame {frame - 1} up left\n");
            }
            Assert.That(frame, Is.LessThan((d + 1) * FramesPerDigit - 1), $"digit {d} fits in its frames");
        }
        return script.ToString();
    }

    // The 100×100 box → a 270×320 digit in the middle of the 448×448 canvas.
    private static (float X, float Y) ToScreen(int u, int v)
    {
        var canvas = DigitsScene.CanvasRect;
        return (canvas.X + 89 + u * 2.7f, canvas.Y + 64 + v * 3.2f);
    }

    [Test]
    public void TenHandDrawnDigits_AtLeastNineRecognised_AndTheFramesShowStrokesPreviewAndBars()
    {
        var scene = new DigitsScene();
        var predictions = new int[10];
        var images = new string[10];
        var options = new SceneOptions
        {
            Headless = true, Frames = 10 * FramesPerDigit, OutDir = _dir, Every = FramesPerDigit,
            Script = InputScript.Parse(Script(), "digits"), ModelPath = ModelPath, DataDir = DataDir(),
            Progress = (s, frame, _, path) =>
            {
                var d = (int)(frame / FramesPerDigit);
                predictions[d] = ((DigitsScene)s).Prediction;
                images[d] = path;
            },
        };
        SceneRunner.Run(scene, options);

        TestContext.Out.WriteLine($"predictions for 0..9: {string.Join(" ", predictions)}");
        var recognised = Enumerable.Range(0, 10).Count(d => predictions[d] == d);
        Assert.That(recognised, Is.GreaterThanOrEqualTo(9), $"predictions for 0..9: {string.Join(" ", predictions)}");

        for (var d = 0; d < 10; d++)
        {
            using var file = File.OpenRead(images[d]);
            var image = ImageResult.FromStream(file, ColorComponents.RedGreenBlue);
            // Strokes: white ink along the digit's first stroke, on the black canvas.
            var (x, y) = ToScreen(s_digits[d][0][0], s_digits[d][0][1]);
            Assert.That(Pixel(image, (int)x, (int)y).R, Is.GreaterThan(200), $"digit {d}: ink (white, or tinted by the heat map) where the stroke starts");
            Assert.That(Brightness(image, (int)DigitsScene.CanvasRect.X + 8, (int)DigitsScene.CanvasRect.Y + 8), Is.LessThan(60), $"digit {d}: the canvas corner stays dark");
            // The 28×28 preview holds ink.
            var preview = DigitsScene.PreviewRect;
            var inked = 0;
            for (var py = (int)preview.Y; py < preview.Bottom; py += 2)
            for (var px = (int)preview.X; px < preview.Right; px += 2)
                if (Brightness(image, px, py) > 200) inked++;
            Assert.That(inked, Is.GreaterThan(40), $"digit {d}: the preview shows the digit");
            // The predicted digit's bar is long and blue; a digit with ~0 probability has an empty track.
            var bar = DigitsScene.BarRect(predictions[d]);
            var (r, g, b) = Pixel(image, (int)(bar.X + bar.Width * 0.3f), (int)(bar.Y + bar.Height / 2));
            Assert.That(b, Is.GreaterThan(200).And.GreaterThan(r + 100), $"digit {d}: the bar of {predictions[d]} is filled blue");
        }
    }

    [Test]
    public void SteadyFrames_DrawingUndoingAndClearing_AllocateNothing()
    {
        var scene = new DigitsScene();
        var seven = string.Join("\n", s_digits[7][0].Chunk(2).Select((p, i) =>
        {
            var (x, y) = ToScreen(p[0], p[1]);
            return string.Create(CultureInfo.InvariantCulture, $"frame {2 + i} move {x} {y}") + (i == 0 ? $"\nframe {2 + i} down left" : "");
        })) + "\nframe 8 up left\n";
        // Warm-up (frames < 40) draws a digit and cycles the heat maps; measured frames draw, undo, clear and draw again.
        var script = seven + """
            frame 12 key H
            frame 18 key H
            frame 24 key H
            frame 30 key H
            frame 34 key RIGHT
            frame 50 drag 150 150 400 400 10
            frame 64 key Z
            frame 70 key C
            frame 76 drag 300 100 300 450 12
            frame 95 key LEFT
            """;
        var result = SceneRunner.Run(scene, new SceneOptions
        {
            Headless = true, Frames = 110, WarmupFrames = 40,
            Script = InputScript.Parse(script, "alloc"), ModelPath = ModelPath, DataDir = DataDir(),
        });
        Assert.That(result.BytesAllocatedPerFrame, Is.EqualTo(0));
        Assert.That(scene.Canvas.StrokeCount, Is.EqualTo(1), "the last drag drew one stroke after the clear");
    }

    [Test]
    public void MalformedDataFolder_StopsWithWhatIsWrongAndTheFix()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "broken")).FullName;
        foreach (var name in MnistFetcher.FileNames) File.WriteAllText(Path.Combine(data, name), "not an IDX file");
        var e = Assert.Throws<InvalidOperationException>(() =>
            SceneRunner.Run(new DigitsScene(), new SceneOptions { Headless = true, Frames = 2, ModelPath = ModelPath, DataDir = data }));
        Assert.That(e!.Message, Does.StartWith($"digits: could not load MNIST from {data}: "));
        Assert.That(e.Message, Does.Contain(MnistFetcher.TrainImages).And.Contain("./myelin data mnist --from DIR"));
    }

    private static int Brightness(ImageResult image, int x, int y)
    {
        var (r, g, b) = Pixel(image, x, y);
        return (r + g + b) / 3;
    }

    private static (int R, int G, int B) Pixel(ImageResult image, int x, int y)
    {
        var i = (y * image.Width + x) * 3;
        return (image.Data[i], image.Data[i + 1], image.Data[i + 2]);
    }
}
