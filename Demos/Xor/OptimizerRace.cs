namespace Myelin.Demos.Xor;

/// <summary>
/// The same network (same seed, so the same initial weights) trained side by side on one shared
/// data set by several optimizers, all stepping together. Each lane is a full <see cref="Playground"/>:
/// read its <see cref="Playground.History"/> for the curves and call its
/// <see cref="Playground.EvaluateGrid"/> for the boundaries.
/// </summary>
public sealed class OptimizerRace
{
    private readonly Playground[] _lanes;
    private readonly (PlaygroundOptimizer Optimizer, float LearningRate)[] _rules;

    /// <summary>One lane per optimizer, all at <paramref name="settings"/>' learning rate.</summary>
    public OptimizerRace(PlaygroundSettings settings, params IReadOnlyList<PlaygroundOptimizer> optimizers)
        : this(settings, [.. optimizers.Select(o => (o, settings.LearningRate))]) { }

    /// <summary>One lane per (optimizer, learning rate): each rule usually wants its own rate.</summary>
    public OptimizerRace(PlaygroundSettings settings, IReadOnlyList<(PlaygroundOptimizer Optimizer, float LearningRate)> lanes)
    {
        if (lanes.Count == 0) throw new ArgumentException("An optimizer race needs at least one lane.", nameof(lanes));
        settings.Validate();
        Settings = settings;
        _rules = [.. lanes];
        Data = PlaygroundData.Generate(settings.Dataset, settings.SampleCount, settings.NoisePercent, settings.TrainPercent, settings.Seed);
        _lanes = new Playground[_rules.Length];
        for (var i = 0; i < _lanes.Length; i++) _lanes[i] = new Playground(LaneSettings(i), Data);
    }

    /// <summary>The shared settings (each lane overrides optimizer and learning rate).</summary>
    public PlaygroundSettings Settings { get; private set; }
    /// <summary>The shared points.</summary>
    public PlaygroundData Data { get; }
    /// <summary>The lanes, in the order given.</summary>
    public IReadOnlyList<Playground> Lanes => _lanes;

    /// <summary>Every lane trains <paramref name="epochs"/> epochs, lane by lane per epoch.</summary>
    public void Step(int epochs = 1)
    {
        for (var e = 0; e < epochs; e++)
            for (var i = 0; i < _lanes.Length; i++) _lanes[i].Step();
    }

    /// <summary>Every lane back to the identical initial weights.</summary>
    public void Reset()
    {
        foreach (var lane in _lanes) lane.Reset();
    }

    /// <summary>Paints one training point into the shared data (every lane trains on it from its next step).</summary>
    public void AddPoint(float x, float y, float label)
    {
        var l = Settings.Problem == PlaygroundProblem.Classification ? (label >= 0f ? 1f : -1f) : Math.Clamp(label, -1f, 1f);
        Data.AddTrain(new PlaygroundPoint(x, y, l));
    }

    /// <summary>Applies shared settings to every lane (data regenerated once when a data setting changed).</summary>
    public void Set(PlaygroundSettings settings)
    {
        settings.Validate();
        var prev = Settings;
        Settings = settings;
        if (settings.Dataset != prev.Dataset || settings.Problem != prev.Problem || settings.NoisePercent != prev.NoisePercent
            || settings.TrainPercent != prev.TrainPercent || settings.SampleCount != prev.SampleCount || settings.Seed != prev.Seed)
            Data.Regenerate(settings.Dataset, settings.SampleCount, settings.NoisePercent, settings.TrainPercent, settings.Seed);
        for (var i = 0; i < _lanes.Length; i++) _lanes[i].Set(LaneSettings(i));
    }

    /// <summary>The lane with the lowest training loss now.</summary>
    public int Leader
    {
        get
        {
            var best = 0;
            for (var i = 1; i < _lanes.Length; i++)
                if (_lanes[i].TrainLoss < _lanes[best].TrainLoss) best = i;
            return best;
        }
    }

    private PlaygroundSettings LaneSettings(int i) => Settings with { Optimizer = _rules[i].Optimizer, LearningRate = _rules[i].LearningRate };
}
