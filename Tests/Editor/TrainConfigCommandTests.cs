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
        // The loss panel shows both curves across its width; in the accuracy panel the test curve is
        // drawn last and covers the training curve where they meet, so one of the two is in every column.
        var inner = loss.X1 - loss.X0 - 8;
        Assert.That(Columns(rgba, width, loss, TrainingPlot.Train), Is.GreaterThanOrEqualTo(inner * 9 / 10));
        Assert.That(Columns(rgba, width, loss, TrainingPlot.Validation), Is.GreaterThanOrEqualTo(inner * 9 / 10));
        Assert.That(Columns(rgba, width, accuracy, TrainingPlot.Validation, TrainingPlot.Train), Is.EqualTo(inner));
        // Loss falls: the training curve starts high on the left and ends low on the right.
        Assert.That(CurveY(rgba, width, loss.X0 + 4, loss, TrainingPlot.Train), Is.LessThan(CurveY(rgba, width, loss.X1 - 5, loss, TrainingPlot.Train)));
        Assert.That(CurveY(rgba, width, accuracy.X1 - 5, accuracy, TrainingPlot.Validation), Is.LessThan(accuracy.Y0 + (accuracy.Y1 - accuracy.Y0) / 5),
            "test accuracy ends above 80%");
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

    private static int Columns(byte[] rgba, int width, (int X0, int Y0, int X1, int Y1) panel, params Rgb[] colours) =>
        Enumerable.Range(panel.X0 + 4, panel.X1 - panel.X0 - 8)
            .Count(x => Enumerable.Range(panel.Y0, panel.Y1 - panel.Y0).Any(y => colours.Any(c => Near(rgba, width, x, y, c))));

    private static int CurveY(byte[] rgba, int width, int x, (int X0, int Y0, int X1, int Y1) panel, Rgb c) =>
        Enumerable.Range(panel.Y0, panel.Y1 - panel.Y0).First(y => Near(rgba, width, x, y, c));
}
