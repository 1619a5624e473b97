using Myelin.Editor;
using Myelin.Editor.Commands;
using Myelin.Editor.Imaging;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

public class TrainConfigCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-train-config-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static string Example(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "examples", "configs", name);

    [Test]
    public void Spirals_WritesModelAndAPlotWithBothCurves()
    {
        var model = Path.Combine(_dir, "spirals.myelin");
        var plot = Path.Combine(_dir, "plots", "curves.png");
        var output = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(output);
        int code;
        try
        {
            code = TrainConfigCommand.Run(Example("spirals.json"), plot, model);
        }
        finally
        {
            Console.SetOut(stdout);
        }
        TestContext.Out.WriteLine(output);

        Assert.That(code, Is.Zero);
        Assert.That(File.Exists(model));
        Assert.That(output.ToString(), Does.Contain("test accuracy").And.Contain("best test loss").And.Contain($"wrote {model}"));
        var (rgba, width, height) = ImageFile.ReadRgba(plot);
        Assert.That((width, height), Is.EqualTo((960, 360)));
        var loss = TrainingPlot.PanelAt(0, width, height);
        var accuracy = TrainingPlot.PanelAt(1, width, height);
        // The loss panel shows both curves across its width (the test curve is drawn last and hides the
        // training curve where the two coincide, over the first ~10% of epochs); in the accuracy panel
        // one of the two is in every column.
        var inner = loss.X1 - loss.X0 - 8;
        Assert.That(Columns(rgba, width, loss, TrainingPlot.Train), Is.GreaterThanOrEqualTo(inner * 85 / 100));
        Assert.That(Columns(rgba, width, loss, TrainingPlot.Validation), Is.GreaterThanOrEqualTo(inner * 9 / 10));
        Assert.That(Columns(rgba, width, loss, TrainingPlot.Validation, TrainingPlot.Train), Is.EqualTo(inner));
        Assert.That(Columns(rgba, width, accuracy, TrainingPlot.Validation, TrainingPlot.Train), Is.EqualTo(inner));
        // Loss falls: the training curve starts high on the left and ends low on the right.
        Assert.That(CurveY(rgba, width, loss.X0 + 4, loss, TrainingPlot.Train), Is.LessThan(CurveY(rgba, width, loss.X1 - 5, loss, TrainingPlot.Train)));
        Assert.That(CurveY(rgba, width, accuracy.X1 - 5, accuracy, TrainingPlot.Validation), Is.LessThan(accuracy.Y0 + (accuracy.Y1 - accuracy.Y0) / 5),
            "test accuracy ends above 80%");

        // Titles above, "epoch" below, tick values left of and under each panel; the legend sits in the
        // header beside the titles, clear of them and of the curves.
        var text = TrainingPlot.Layout(width, height, hasTest: true);
        foreach (var (name, box, panel) in new[] { ("loss title", text.LossTitle, loss), ("accuracy title", text.AccuracyTitle, accuracy) })
        {
            Assert.That(box.Y1, Is.LessThanOrEqualTo(panel.Y0), $"{name} above its panel");
            Assert.That(DarkPixels(rgba, width, box), Is.GreaterThan(20), $"{name} drawn");
            Assert.That(Overlap(text.Legend, box), Is.False, $"legend {text.Legend} clear of the {name} {box}");
        }
        foreach (var (name, box, panel) in new[] { ("loss axis label", text.LossAxisLabel, loss), ("accuracy axis label", text.AccuracyAxisLabel, accuracy) })
        {
            Assert.That(box.Y0, Is.GreaterThanOrEqualTo(panel.Y1), $"{name} below its panel");
            Assert.That(DarkPixels(rgba, width, box), Is.GreaterThan(20), $"{name} drawn");
        }
        foreach (var panel in new[] { loss, accuracy })
        {
            Assert.That(DarkPixels(rgba, width, (panel.X0 - 40, panel.Y0, panel.X0 - 5, panel.Y1)), Is.GreaterThan(40), "y tick values");
            Assert.That(DarkPixels(rgba, width, (panel.X0, panel.Y1 + 5, panel.X1, text.LossAxisLabel.Y0)), Is.GreaterThan(40), "epoch tick values");
        }
        Assert.That(text.Legend.Y1, Is.LessThanOrEqualTo(accuracy.Y0), "legend above the curves");
        Assert.That(text.Legend.X0, Is.GreaterThanOrEqualTo(0));
        Assert.That(Count(rgba, width, text.Legend, TrainingPlot.Train), Is.GreaterThan(10), "blue training key");
        Assert.That(Count(rgba, width, text.Legend, TrainingPlot.Validation), Is.GreaterThan(10), "orange test key");
    }

    [Test]
    public void Plot_WithoutATestSet_ListsOnlyTrainingInTheLegend()
    {
        var history = Enumerable.Range(1, 12).Select(e => new Myelin.Training.EpochResult(e, 2f / e, float.NaN, float.NaN, float.NaN, 0.01)).ToArray();
        var canvas = TrainingPlot.Render(history);
        var rgba = ToRgba(canvas);
        var text = TrainingPlot.Layout(canvas.Width, canvas.Height, hasTest: false);

        Assert.That(Count(rgba, canvas.Width, text.Legend, TrainingPlot.Train), Is.GreaterThan(10), "blue training key");
        Assert.That(Count(rgba, canvas.Width, (0, 0, canvas.Width, canvas.Height), TrainingPlot.Validation), Is.Zero, "no orange anywhere");
        Assert.That(DarkPixels(rgba, canvas.Width, text.Legend), Is.GreaterThan(20), "the word 'training'");
        Assert.That(Overlap(text.Legend, text.AccuracyTitle), Is.False);
    }

    [TestCase(0.684f, "0 0.1 0.2 0.3 0.4 0.5 0.6 0.7")]
    [TestCase(0.9f, "0 0.2 0.4 0.6 0.8 1.0")]
    [TestCase(0.0004f, "0 0.0001 0.0002 0.0003 0.0004")]
    [TestCase(0.00009f, "0 2E-05 4E-05 6E-05 8E-05 0.0001")]
    [TestCase(1800f, "0 250 500 750 1000 1250 1500 1750 2000")]
    [TestCase(3f, "0 0.5 1.0 1.5 2.0 2.5 3.0")]
    public void LossTicks_ReachTheTopLoss_WithDistinctReadableValues(float top, string labels)
    {
        var ticks = TrainingPlot.LossTicks(top);
        Assert.That(string.Join(' ', ticks.Select(t => t.Label)), Is.EqualTo(labels));
        Assert.That(ticks[^1].Value, Is.GreaterThanOrEqualTo(top));
    }

    [Test]
    public void BadConfig_FailsWithTheLineAndKey_ThroughTheCli()
    {
        var file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, File.ReadAllText(Example("xor.json")).Replace("\"epochs\"", "\"epohcs\""));
        var error = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = Cli.Run(["train", "--config", file]);
        }
        finally
        {
            Console.SetError(stderr);
        }
        var expectedLine = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("epohcs")) + 1;
        Assert.That(code, Is.EqualTo(Cli.Failure));
        Assert.That(error.ToString(), Does.Contain($"bad.json:{expectedLine}: 'epohcs': unknown key").And.Contain("Did you mean 'epochs'?"));
        Assert.That(error.ToString(), Does.Not.Contain("   at "), "no stack trace");
    }

    private static bool Near(byte[] rgba, int width, int x, int y, Rgb c)
    {
        var i = (y * width + x) * 4;
        return Math.Abs(rgba[i] - c.R) + Math.Abs(rgba[i + 1] - c.G) + Math.Abs(rgba[i + 2] - c.B) < 60;
    }

    // Text pixels in [X0, X1) × [Y0, Y1): every channel below half, which neither the page, the grid
    // nor the blue and orange curves are.
    private static int DarkPixels(byte[] rgba, int width, (int X0, int Y0, int X1, int Y1) box) =>
        Pixels(box).Count(p => rgba[(p.Y * width + p.X) * 4] < 128 && rgba[(p.Y * width + p.X) * 4 + 1] < 128 && rgba[(p.Y * width + p.X) * 4 + 2] < 128);

    private static int Count(byte[] rgba, int width, (int X0, int Y0, int X1, int Y1) box, Rgb c) =>
        Pixels(box).Count(p => Near(rgba, width, p.X, p.Y, c));

    private static IEnumerable<(int X, int Y)> Pixels((int X0, int Y0, int X1, int Y1) box) =>
        Enumerable.Range(box.Y0, box.Y1 - box.Y0).SelectMany(y => Enumerable.Range(box.X0, box.X1 - box.X0).Select(x => (x, y)));

    private static bool Overlap((int X0, int Y0, int X1, int Y1) a, (int X0, int Y0, int X1, int Y1) b) =>
        a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;

    private static byte[] ToRgba(Canvas canvas)
    {
        var rgba = new byte[canvas.Width * canvas.Height * 4];
        for (var p = 0; p < canvas.Width * canvas.Height; p++)
        {
            rgba[p * 4] = canvas.Pixels[p * 3]; rgba[p * 4 + 1] = canvas.Pixels[p * 3 + 1]; rgba[p * 4 + 2] = canvas.Pixels[p * 3 + 2]; rgba[p * 4 + 3] = 255;
        }
        return rgba;
    }

    private static int Columns(byte[] rgba, int width, (int X0, int Y0, int X1, int Y1) panel, params Rgb[] colours) =>
        Enumerable.Range(panel.X0 + 4, panel.X1 - panel.X0 - 8)
            .Count(x => Enumerable.Range(panel.Y0, panel.Y1 - panel.Y0).Any(y => colours.Any(c => Near(rgba, width, x, y, c))));

    private static int CurveY(byte[] rgba, int width, int x, (int X0, int Y0, int X1, int Y1) panel, Rgb c) =>
        Enumerable.Range(panel.Y0, panel.Y1 - panel.Y0).First(y => Near(rgba, width, x, y, c));
}
