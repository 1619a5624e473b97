using Myelin.Data;
using Myelin.Training.Config;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training.Config;

/// <summary>
/// Every file in examples/configs loads and trains. Epochs are cut to keep the suite quick; MNIST
/// runs on the committed sample (Tests/Data/mnist-sample) in place of the fetched split.
/// </summary>
public class ExampleConfigTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-config-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static string Example(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "examples", "configs", name);

    private (TrainingConfig Config, ConfigResult Result) Train(string name, int? epochs = null)
    {
        var config = TrainingConfig.Load(Example(name)) with { Output = Path.Combine(_dir, "model.myelin") };
        if (config.CheckpointBest is not null) config = config with { CheckpointBest = Path.Combine(_dir, "best.myelin") };
        if (epochs is { } e) config = config with { Epochs = e };
        var (train, test) = config.Data.Load(_ => (TestData.MnistTrain, TestData.MnistTest));
        var result = ConfigTraining.Run(config, train, test);
        TestContext.Out.WriteLine(string.Join("\n", result.History.TakeLast(3)) + $"\ntest: {result.Test}");
        Assert.That(File.Exists(config.Output), "the output model is written");
        Assert.That(result.History[^1].Loss, Is.LessThan(result.History[0].Loss * 0.7f), "loss falls");
        return (config, result);
    }

    [Test]
    public void AllExamplesAreCovered() =>
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(Example("x"))!, "*.json").Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "mnist-cnn.json", "mnist-mlp.json", "spirals.json", "xor.json" }));

    [Test]
    public void Xor_SolvesAllFourCorners()
    {
        var (config, result) = Train("xor.json");
        Assert.That(result.History[^1].Accuracy, Is.EqualTo(1f));
        var saved = Myelin.Training.Model.Load(config.Output);
        Span<float> y = stackalloc float[1];
        saved.Predict([1f, 0f], y);
        Assert.That(y[0], Is.GreaterThan(0.8f), "the saved model is the trained one");
    }

    [Test]
    public void Spirals_ReachNinetyPercentOnHeldOutPoints_AndCheckpointTheBest()
    {
        var (config, result) = Train("spirals.json", epochs: 150);
        Assert.That(result.Test!.Value.Accuracy, Is.GreaterThanOrEqualTo(0.9f));
        Assert.That(File.Exists(config.CheckpointBest), "checkpoint-best writes a model");
        var best = Myelin.Training.Model.Load(config.CheckpointBest!);
        var test = config.Data.Load(null).Test!;
        best.Compile(p => new Myelin.Optimizers.Adam(p), config.Loss);
        Assert.That(best.Evaluate(test).Loss, Is.EqualTo(result.BestLoss).Within(1e-4f), "the checkpoint holds the best epoch's weights");
    }

    [Test]
    public void MnistMlp_TrainsOnTheSample() =>
        Assert.That(Train("mnist-mlp.json", epochs: 3).Result.Test!.Value.Accuracy, Is.GreaterThanOrEqualTo(0.85f));

    [Test]
    public void MnistCnn_TrainsOnTheSample() =>
        Assert.That(Train("mnist-cnn.json", epochs: 2).Result.Test!.Value.Accuracy, Is.GreaterThanOrEqualTo(0.75f));

    [Test]
    public void EarlyStopping_StopsWhenTheLossStopsImproving()
    {
        var config = TrainingConfig.Load(Example("xor.json")) with
        {
            Output = Path.Combine(_dir, "m.myelin"), Epochs = 10_000, EarlyStoppingPatience = 5, EarlyStoppingMinDelta = 1f,
        };
        var result = ConfigTraining.Run(config, Synthetic.XorTable(), null);
        Assert.That(result.History, Has.Count.EqualTo(6), "no epoch improves by 1.0, so five after the first stop the run");
    }

    [Test]
    public void DataThatDoesNotMatchInput_NamesTheInputKey()
    {
        var config = TrainingConfig.Load(Example("xor.json")) with { Output = Path.Combine(_dir, "m.myelin") };
        var e = Assert.Throws<ConfigException>(() => ConfigTraining.Run(config, TestData.MnistTest, null))!;
        Assert.That(e.Key, Is.EqualTo("input"));
        Assert.That(e.Line, Is.GreaterThan(0));
    }
}
