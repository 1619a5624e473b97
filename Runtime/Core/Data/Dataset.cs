namespace Myelin.Data;

/// <summary>
/// Samples in host memory: inputs (N, ...sample shape) and targets (N, ...target shape), both
/// float32. Targets are class indices for classification, values for regression.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; throws when the arrays do not match the shapes.</summary>
    public Dataset(float[] inputs, Shape sampleShape, float[] targets, Shape targetShape, string name = "data")
    {
        Name = name;
        SampleShape = sampleShape;
        TargetShape = targetShape;
        if (sampleShape.Length == 0 || inputs.Length % sampleShape.Length != 0)
            throw new ArgumentException($"Dataset '{name}': {inputs.Length} input values are not a whole number of samples of shape {sampleShape}.");
        Count = inputs.Length / sampleShape.Length;
        if (targets.Length != Count * targetShape.Length)
            throw new ArgumentException($"Dataset '{name}': {Count} samples need {Count * targetShape.Length} target values of shape {targetShape}; got {targets.Length}.");
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Name used in logs and errors.</summary>
    public string Name { get; }
    /// <summary>Number of samples N.</summary>
    public int Count { get; }
    /// <summary>Shape of one input sample (e.g. (2) or (1,28,28)).</summary>
    public Shape SampleShape { get; }
    /// <summary>Shape of one target ((1) for a class index or a scalar).</summary>
    public Shape TargetShape { get; }
    /// <summary>All inputs, sample-major.</summary>
    public float[] Inputs { get; }
    /// <summary>All targets, sample-major.</summary>
    public float[] Targets { get; }

    /// <summary>Inputs of sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Input(int i) => Inputs.AsSpan(i * SampleShape.Length, SampleShape.Length);

    /// <summary>Targets of sample <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> Target(int i) => Targets.AsSpan(i * TargetShape.Length, TargetShape.Length);

    /// <summary>The first <paramref name="count"/> samples and the rest, as two datasets (copies).</summary>
    public (Dataset First, Dataset Second) Split(int count)
    {
        if (count < 0 || count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"Cannot split {Count} samples at {count}.");
        var si = SampleShape.Length; var st = TargetShape.Length;
        return (new Dataset(Inputs[..(count * si)], SampleShape, Targets[..(count * st)], TargetShape, Name + "[:" + count + "]"),
                new Dataset(Inputs[(count * si)..], SampleShape, Targets[(count * st)..], TargetShape, Name + "[" + count + ":]"));
    }

    /// <summary>The samples in a seeded random order (a copy).</summary>
    public Dataset Shuffled(Rng rng)
    {
        var order = new int[Count];
        for (var i = 0; i < Count; i++) order[i] = i;
        rng.Shuffle(order);
        return Select(order);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (a copy).</summary>
    public Dataset Select(ReadOnlySpan<int> indices)
    {
        var si = SampleShape.Length; var st = TargetShape.Length;
        var x = new float[indices.Length * si];
        var y = new float[indices.Length * st];
        for (var i = 0; i < indices.Length; i++)
        {
            Input(indices[i]).CopyTo(x.AsSpan(i * si));
            Target(indices[i]).CopyTo(y.AsSpan(i * st));
        }
        return new Dataset(x, SampleShape, y, TargetShape, Name);
    }
}
