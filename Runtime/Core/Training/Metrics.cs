using Myelin.Losses;

namespace Myelin.Training;

/// <summary>Accuracy counting on host copies of predictions and targets.</summary>
public static class Metrics
{
    /// <summary>Index of the largest value (the first on ties): the predicted class of a row of scores.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>
    /// Correct predictions: arg-max vs class index for <see cref="TargetKind.ClassIndex"/>;
    /// (prediction &gt; threshold) vs (target &gt; 0.5) element-wise for <see cref="TargetKind.Binary"/>.
    /// </summary>
    public static long CountCorrect(ReadOnlySpan<float> prediction, int columns, ReadOnlySpan<float> target, TargetKind kind, float threshold = 0.5f)
    {
        long correct = 0;
        if (kind == TargetKind.ClassIndex)
        {
            var rows = prediction.Length / columns;
            for (var r = 0; r < rows; r++)
            {
                if (ArgMax(prediction.Slice(r * columns, columns)) == (int)target[r]) correct++;
            }
        }
        else if (kind == TargetKind.Binary)
        {
            for (var i = 0; i < prediction.Length; i++)
                if ((prediction[i] > threshold) == (target[i] > 0.5f)) correct++;
        }
        return correct;
    }
}
