using Myelin.Demos.Digits;
using Myelin.Tests.Core.Training;
using Myelin.Training;
using NUnit.Framework;

namespace Myelin.Tests.Demos.Digits;

/// <summary>A W3-size digit CNN trained briefly on the committed sample, once per test run, and saved for tests that need a fresh copy.</summary>
internal static class DigitFixture
{
    public const int Epochs = 2;

    private static readonly Lazy<(Model Model, string Path, IReadOnlyList<EpochResult> History, double Seconds)> s_trained = new(() =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = DigitModel.Create(seed: 1, learningRate: 2e-3f, channels: 8);
        var history = model.Fit(TestData.MnistTrain, new FitOptions { Epochs = Epochs, BatchSize = 32, ShuffleSeed = 1 });
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"myelin-digits-{Environment.ProcessId}.myelin");
        model.Save(path);
        return (model, path, history, clock.Elapsed.TotalSeconds);
    });

    /// <summary>The shared trained model: tests must not change its weights (load <see cref="Fresh"/> for that).</summary>
    public static Model Model => s_trained.Value.Model;
    public static string SavedPath => s_trained.Value.Path;
    public static IReadOnlyList<EpochResult> History => s_trained.Value.History;
    public static double TrainingSeconds => s_trained.Value.Seconds;

    /// <summary>A private copy of the trained model.</summary>
    public static Model Fresh() => DigitModel.Load(SavedPath);

    /// <summary>Test digit i of the sample as 784 floats.</summary>
    public static float[] TestDigit(int i) => TestData.MnistTest.Input(i).ToArray();
    public static int TestLabel(int i) => (int)TestData.MnistTest.Target(i)[0];
}
