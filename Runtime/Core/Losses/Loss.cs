namespace Myelin.Losses;

/// <summary>
/// A training objective: maps predictions and targets to a one-element tensor (the mean over the
/// batch), built from ops so its gradient comes from the tape.
/// </summary>
public abstract class Loss
{
    /// <summary>Name for logs and summaries.</summary>
    public abstract string Name { get; }

    /// <summary>How accuracy is counted for this loss (see <see cref="TargetKind"/>).</summary>
    public abstract TargetKind Targets { get; }

    /// <summary>The loss, shape (1). <paramref name="target"/> layout depends on <see cref="Targets"/>.</summary>
    public abstract Tensor Compute(Tensor prediction, Tensor target);

    /// <summary>Throws naming both shapes unless prediction and target have equal length.</summary>
    protected void SameLength(Tensor prediction, Tensor target)
    {
        if (prediction.Length != target.Length)
            throw new ArgumentException($"{Name}: prediction {prediction.Shape} and target {target.Shape} differ in size.");
    }
}

/// <summary>What the targets of a loss are, which decides how accuracy is measured.</summary>
public enum TargetKind
{
    /// <summary>Real values (regression): no accuracy.</summary>
    Values,
    /// <summary>0/1 values with one output per target; correct when (prediction &gt; threshold) equals the target.</summary>
    Binary,
    /// <summary>Class indices (N); correct when the arg-max of the prediction row equals the label.</summary>
    ClassIndex,
}
