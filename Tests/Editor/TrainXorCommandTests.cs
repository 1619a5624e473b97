using Myelin.Backends;
using Myelin.Editor.Commands;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

public class TrainXorCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-xor-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void W1Defaults_SolveXor_AndWriteModelAndPng()
    {
        var code = TrainXorCommand.Run(new TrainXorCommand.Settings(10_000, TrainXorCommand.DefaultSeed, UnaryKind.Sigmoid, "sgd", null, _dir));

        Assert.That(code, Is.Zero, "the default seed must solve XOR with the W1 settings");
        var model = Model.Load(Path.Combine(_dir, "xor.myelin"));
        Assert.That(model.Parameters.Sum(p => p.Length), Is.EqualTo(37));
        var png = File.ReadAllBytes(Path.Combine(_dir, "xor-boundary.png"));
        Assert.That(png[..8], Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(Directory.GetFiles(_dir, "*.tmp"), Is.Empty, "atomic writes leave no temporary files");
    }

    [Test]
    public void DivergedTraining_FailsNamingTheLearningRate_AndKeepsThePreviousModel()
    {
        var modelPath = Path.Combine(_dir, "xor.myelin");
        File.WriteAllText(modelPath, "the previous model");

        var e = Assert.Throws<TrainingDivergedException>(() =>
            TrainXorCommand.Run(new TrainXorCommand.Settings(200, TrainXorCommand.DefaultSeed, UnaryKind.Sigmoid, "sgd", 1e6f, _dir)))!;

        Assert.That(e.Message, Does.Contain("--lr").And.Contain(modelPath));
        Assert.That(File.ReadAllText(modelPath), Is.EqualTo("the previous model"), "a diverged model is not written");
        Assert.That(File.Exists(Path.Combine(_dir, "xor-boundary.png")), Is.False);
    }

    [Test]
    public void TooFewEpochs_ExitOne() =>
        Assert.That(TrainXorCommand.Run(new TrainXorCommand.Settings(3, 1, UnaryKind.Sigmoid, "sgd", null, _dir)), Is.EqualTo(1));
}
