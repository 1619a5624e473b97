using Myelin.Data;
using NUnit.Framework;

namespace Myelin.Tests.Core.Training;

/// <summary>The committed MNIST sample (Tests/Data/mnist-sample), loaded once.</summary>
internal static class TestData
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> s_mnist = new(() =>
    {
        var dir = Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "mnist-sample");
        return (Idx.LoadDataset(Path.Combine(dir, "train-images-idx3-ubyte.gz"), Path.Combine(dir, "train-labels-idx1-ubyte.gz"), "mnist-train"),
                Idx.LoadDataset(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), "mnist-test"));
    });

    public static Dataset MnistTrain => s_mnist.Value.Train;
    public static Dataset MnistTest => s_mnist.Value.Test;
}
