namespace Myelin.Demos.Detection;

/// <summary>
/// Scores a stream of frames (the synthetic camera, or a video with its recorded labels file):
/// mAP@0.5 and COCO-style mAP@0.5:0.95, one <see cref="MapEvaluator"/> per IoU threshold
/// 0.50, 0.55, …, 0.95 fed the same frames. Nothing is copied per frame, and once the evaluators'
/// buffers have grown, adding a frame allocates nothing — a scene can score its feed live.
/// </summary>
public sealed class DetectionScorer
{
    private readonly MapEvaluator[] _evaluators = new MapEvaluator[10];

    /// <summary>A scorer over <paramref name="classes"/> classes (class indices 0 … classes − 1).</summary>
    public DetectionScorer(int classes = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
        for (var k = 0; k < _evaluators.Length; k++) _evaluators[k] = new MapEvaluator(classes, 0.5f + 0.05f * k);
    }

    /// <summary>Number of classes averaged over (those with ground truth).</summary>
    public int Classes { get; }

    /// <summary>Frames added so far.</summary>
    public int Frames => _evaluators[0].Images;

    /// <summary>Adds one frame's detections and ground-truth boxes.</summary>
    public void Add(IReadOnlyList<DetectedBox> detections, IReadOnlyList<LabeledBox> truths)
    {
        foreach (var evaluator in _evaluators) evaluator.Add(detections, truths);
    }

    /// <summary>mAP at IoU ≥ 0.5 over the frames added (NaN before any ground truth).</summary>
    public float Map50() => _evaluators[0].MeanAveragePrecision();

    /// <summary>mAP averaged over IoU 0.50, 0.55, …, 0.95 (NaN before any ground truth).</summary>
    public float Map50To95() => Score().Map50To95;

    /// <summary>Both scores, each threshold's AP computed once.</summary>
    public (float Map50, float Map50To95) Score()
    {
        var map50 = _evaluators[0].MeanAveragePrecision();
        double sum = map50;
        for (var k = 1; k < _evaluators.Length; k++) sum += _evaluators[k].MeanAveragePrecision();
        return (map50, (float)(sum / _evaluators.Length));
    }

    /// <summary>Forgets every frame.</summary>
    public void Clear()
    {
        foreach (var evaluator in _evaluators) evaluator.Clear();
    }
}
