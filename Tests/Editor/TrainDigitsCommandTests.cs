using System.IO.Compression;
using Myelin.Demos.Digits.Data;
using Myelin.Editor.Commands;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

public class TrainDigitsCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("myelin-digits-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void DivergedTraining_FailsNamingTheLearningRate_AndWritesNoModel()
    {
        var data = SampleData();
        var modelPath = Path.Combine(_dir, "digits.myelin");

        var e = Assert.Throws<TrainingDivergedException>(() => TrainDigitsCommand.Run(modelPath, 1, 1, data, learningRate: 1e6f))!;

        Assert.That(e.Message, Does.Contain("--lr"));
        Assert.That(File.Exists(modelPath), Is.False, "a diverged model is not written");
    }

    [Test]
    public void EmptyTrainingSet_IsNamedAsEmpty_WithItsFile()
    {
        var data = SampleData();
        WriteEmptyIdx(Path.Combine(data, MnistFetcher.TrainImages), Path.Combine(data, MnistFetcher.TrainLabels));

        var e = Assert.Throws<InvalidDataException>(() => TrainDigitsCommand.Run(Path.Combine(_dir, "digits.myelin"), 1, 1, data))!;

        Assert.That(e.Message, Does.Contain(Path.Combine(data, MnistFetcher.TrainImages)).And.Contain("no images"));
        Assert.That(e.Message, Does.Not.Contain("Batch size"));
    }

    // The committed MNIST sample, unpacked under the names `myelin data mnist` writes.
    private string SampleData()
    {
        var sample = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "mnist-sample");
        var data = Directory.CreateDirectory(Path.Combine(_dir, "mnist")).FullName;
        foreach (var name in new[] { MnistFetcher.TrainImages, MnistFetcher.TrainLabels, MnistFetcher.TestImages, MnistFetcher.TestLabels })
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(sample, name + ".gz")), CompressionMode.Decompress);
            using var file = File.Create(Path.Combine(data, name));
            gz.CopyTo(file);
        }
        return data;
    }

    // IDX headers that declare 0 images of 28×28 and 0 labels.
    private static void WriteEmptyIdx(string images, string labels)
    {
        File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]);
        File.WriteAllBytes(labels, [0, 0, 8, 1, 0, 0, 0, 0]);
    }
}
