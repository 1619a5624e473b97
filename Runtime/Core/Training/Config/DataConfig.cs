using Myelin.Data;

namespace Myelin.Training.Config;

/// <summary>
/// The <c>data</c> object of a configuration file: where the training and test sets come from.
/// <c>source</c> is one of the 2-D sets of <see cref="Synthetic"/> (xor-table, xor, circle, spirals,
/// gaussian; keys <c>count</c>, <c>noise</c>, <c>scale</c>, <c>testFraction</c>), <c>mnist</c> (key <c>dir</c>;
/// loaded by the host, which may fetch it), <c>idx</c> (keys <c>trainImages</c>, <c>trainLabels</c>,
/// <c>testImages</c>, <c>testLabels</c>) or <c>csv</c> (keys <c>train</c>, <c>test</c>,
/// <c>labelColumn</c>, <c>header</c>). <c>limit</c> caps the training samples. Paths are relative
/// to the current directory.
/// </summary>
public sealed record DataConfig(string Source, int Count, float Noise, float TestFraction, string? Dir,
    string? TrainPath, string? TrainLabels, string? TestPath, string? TestLabels, int LabelColumn, bool Header, int? Limit, ulong Seed)
{
    /// <summary>
    /// Factor applied to the 2-D sets' coordinates (key <c>scale</c>, default 1). Points lie in ±1, where tanh
    /// units start almost linear; ×3 brings them to about unit variance and spirals train reliably.
    /// </summary>
    public float Scale { get; init; } = 1f;

    /// <summary>The accepted <c>source</c> names.</summary>
    public static readonly string[] Sources = ["xor-table", "xor", "circle", "spirals", "gaussian", "mnist", "idx", "csv"];

    /// <summary>Reads and checks the object; <paramref name="seed"/> is the run's seed (overridable by a <c>seed</c> key).</summary>
    public static DataConfig Parse(ConfigObject o, ulong seed)
    {
        var source = o.RequiredChoice("source", Sources);
        int? limit = o.Has("limit") ? o.Int("limit", 0, 1) : null;
        var dataSeed = (ulong)o.Int("seed", (int)Math.Min(seed, int.MaxValue), 0);
        DataConfig config = source switch
        {
            "mnist" => new(source, 0, 0f, 0f, o.String("dir"), null, null, null, null, -1, false, limit, dataSeed),
            "idx" => new(source, 0, 0f, 0f, null, o.String(o.Required("trainImages")), o.String(o.Required("trainLabels")),
                o.String("testImages"), o.String("testLabels"), -1, false, limit, dataSeed),
            "csv" => new(source, 0, 0f, 0f, null, o.String(o.Required("train")), null, o.String("test"), null,
                o.Int("labelColumn", -1), o.Bool("header", false), limit, dataSeed),
            "xor-table" => new(source, 4, 0f, 0f, null, null, null, null, null, -1, false, limit, dataSeed),
            _ => new(source, o.Int("count", 400, 2, 1_000_000), o.Float("noise", 0f, 0f, 1f), o.Float("testFraction", 0.2f, 0f, 0.9f),
                null, null, null, null, null, -1, false, limit, dataSeed) { Scale = o.Float("scale", 1f, 0f, 1000f, minExclusive: true) },
        };
        if (source == "idx" && (config.TestPath is null) != (config.TestLabels is null))
            throw o.Error(o.Node, o.Node.Path + (config.TestPath is null ? ".testImages" : ".testLabels"), "testImages and testLabels go together; give both or neither.");
        o.RejectUnknownKeys($"data source '{source}'");
        return config;
    }

    /// <summary>
    /// Loads (train, test); test is null when the source has none. <paramref name="mnist"/> loads the
    /// MNIST split from a folder (null = the host's default folder); hosts without one cannot use <c>mnist</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">A data file is missing or malformed (the message names it).</exception>
    public (Dataset Train, Dataset? Test) Load(Func<string?, (Dataset Train, Dataset Test)>? mnist)
    {
        var (train, test) = LoadAll(mnist);
        if (Limit is { } n && n < train.Count) train = train.Split(n).First;
        return (train, test);
    }

    private (Dataset Train, Dataset? Test) LoadAll(Func<string?, (Dataset Train, Dataset Test)>? mnist)
    {
        switch (Source)
        {
            case "mnist":
                if (mnist is null) throw new InvalidDataException("data source 'mnist' needs a host that can load MNIST (the myelin tool); use 'idx' with the four files instead.");
                return mnist(Dir);
            case "idx":
                Exists(TrainPath!); Exists(TrainLabels!);
                var idxTrain = Idx.LoadDataset(TrainPath!, TrainLabels!, "train");
                if (TestPath is null) return (idxTrain, null);
                Exists(TestPath); Exists(TestLabels!);
                return (idxTrain, Idx.LoadDataset(TestPath, TestLabels!, "test"));
            case "csv":
                Exists(TrainPath!);
                var csvTrain = Csv.Load(TrainPath!, LabelColumn, Header);
                if (TestPath is null) return (csvTrain, null);
                Exists(TestPath);
                return (csvTrain, Csv.Load(TestPath, LabelColumn, Header));
            case "xor-table":
                return (Synthetic.XorTable(), null);
            default:
                var rng = new Rng(Seed);
                var all = Source switch
                {
                    "xor" => Synthetic.Xor(Count, Noise, rng),
                    "circle" => Synthetic.Circle(Count, Noise, rng),
                    "spirals" => Synthetic.Spirals(Count, Noise, rng),
                    _ => Synthetic.Gaussian(Count, Noise, rng),
                };
                for (var i = 0; i < all.Inputs.Length; i++) all.Inputs[i] *= Scale;
                var testCount = (int)(Count * TestFraction);
                if (testCount == 0) return (all, null);
                var (first, second) = all.Shuffled(new Rng(Seed + 1)).Split(Count - testCount);
                return (first, second);
        }
    }

    private static void Exists(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"data file '{ConfigException.Printable(path)}' does not exist (paths are relative to the current directory, {Environment.CurrentDirectory}).");
    }
}
