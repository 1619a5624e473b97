using System.Text;
using Myelin.Data;
using Myelin.Training.Config;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training.Config;

/// <summary>The file-backed data sources of a config (CSV, IDX) and their errors.</summary>
public class ConfigDataSourceTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-config-data-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static string Json(string path) => path.Replace("\\", "\\\\");

    private TrainingConfig Parse(string data, string input = "[2]", string loss = "\"softmax-cross-entropy\"", string head = "2") =>
        TrainingConfig.Parse(Encoding.UTF8.GetBytes($$"""
            {
              "input": {{input}},
              "layers": [ { "type": "Flatten" }, { "type": "Dense", "outputs": 16, "activation": "Tanh" }, { "type": "Dense", "outputs": {{head}} } ],
              "loss": {{loss}},
              "optimizer": { "type": "adam", "learningRate": 0.05 },
              "data": {{data}},
              "epochs": 60,
              "batchSize": 16,
              "output": "{{Json(Path.Combine(_dir, "m.myelin"))}}"
            }
            """), "data.json");

    [Test]
    public void Csv_WithHeaderAndLabelInTheFirstColumn_Trains()
    {
        var csv = Path.Combine(_dir, "points.csv");
        var rng = new Rng(3);
        var lines = new List<string> { "label,x,y" };
        for (var i = 0; i < 200; i++)
        {
            var (x, y) = (rng.Uniform(-1f, 1f), rng.Uniform(-1f, 1f));
            lines.Add(FormattableString.Invariant($"{(x + y > 0 ? 1 : 0)},{x},{y}"));
        }
        File.WriteAllLines(csv, lines);
        var config = Parse($$"""{ "source": "csv", "train": "{{Json(csv)}}", "labelColumn": 0, "header": true }""");
        var (train, test) = config.Data.Load(null);
        Assert.That((train.Count, test), Is.EqualTo((200, (Dataset?)null)));
        Assert.That(train.Input(0).ToArray(), Is.EqualTo(new[] { float.Parse(lines[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), float.Parse(lines[1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) }));
        var result = ConfigTraining.Run(config, train, test);
        Assert.That(result.History[^1].Accuracy, Is.GreaterThanOrEqualTo(0.95f), "a linear boundary is learnt");
    }

    [Test]
    public void Csv_BadCell_NamesFileLineAndColumn()
    {
        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(csv, ["0.5,0.25,1", "0.5,oops,0"]);
        var e = Assert.Throws<InvalidDataException>(() => Csv.Load(csv))!;
        Assert.That(e.Message, Does.Contain("bad.csv:2: column 2 is not a number ('oops')"));
    }

    [Test]
    public void MissingDataFile_IsNamed()
    {
        var config = Parse($$"""{ "source": "csv", "train": "{{Json(Path.Combine(_dir, "none.csv"))}}" }""");
        Assert.That(Assert.Throws<InvalidDataException>(() => config.Data.Load(null))!.Message, Does.Contain("none.csv' does not exist"));
    }

    [Test]
    public void Idx_LoadsTheSampleFiles_AndLimitCapsTheTrainingSet()
    {
        var dir = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "mnist-sample");
        string F(string name) => Json(Path.Combine(dir, name));
        var config = Parse($$"""
            { "source": "idx", "trainImages": "{{F("train-images-idx3-ubyte.gz")}}", "trainLabels": "{{F("train-labels-idx1-ubyte.gz")}}",
              "testImages": "{{F("t10k-images-idx3-ubyte.gz")}}", "testLabels": "{{F("t10k-labels-idx1-ubyte.gz")}}", "limit": 100 }
            """, input: "[1, 28, 28]", head: "10");
        var (train, test) = config.Data.Load(null);
        Assert.That((train.Count, test!.Count), Is.EqualTo((100, TestData.MnistTest.Count)));
        Assert.That(train.Input(5).ToArray(), Is.EqualTo(TestData.MnistTrain.Input(5).ToArray()));
    }

    [Test]
    public void Idx_TestImagesWithoutLabels_IsAnError()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("""{ "source": "idx", "trainImages": "a", "trainLabels": "b", "testImages": "c" }"""))!;
        Assert.That(e.Key, Is.EqualTo("data.testLabels"));
    }

    [Test]
    public void MnistWithoutAHost_SaysToUseIdx() =>
        Assert.That(Assert.Throws<InvalidDataException>(() => Parse("""{ "source": "mnist" }""").Data.Load(null))!.Message, Does.Contain("'idx'"));
}
