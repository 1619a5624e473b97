namespace Myelin.Demos.Detection;

/// <summary>
/// Accumulates per-frame detections and ground truth (from the synthetic camera or a recorded
/// labels file) and scores them with <see cref="BoxUtils"/>: mAP@0.5 and COCO-style mAP@0.5:0.95.
/// </summary>
public sealed class DetectionScorer
{
    private readonly List<IReadOnlyList<DetectedBox>> _detections = [];
    private readonly List<IReadOnlyList<LabeledBox>> _truths = [];

    /// <summary>A scorer over <paramref name="classes"/> classes (class indices 0 … classes − 1).</summary>
    public DetectionScorer(int classes = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
    }

    /// <summary>Number of classes averaged over (those with ground truth).</summary>
    public int Classes { get; }

    /// <summary>Frames added so far.</summary>
    public int Frames => _truths.Count;

    /// <summary>Adds one frame's detections and ground-truth boxes (both copied).</summary>
    public void Add(IReadOnlyList<DetectedBox> detections, IReadOnlyList<LabeledBox> truths)
    {
        _detections.Add([.. detections]);
        _truths.Add([.. truths]);
    }

    /// <summary>mAP at IoU ≥ 0.5 over the frames added (NaN before any ground truth).</summary>
    public float Map50() => BoxUtils.MeanAveragePrecision(_detections, _truths, Classes, 0.5f);

    /// <summary>mAP averaged over IoU 0.50, 0.55, …, 0.95 (NaN before any ground truth).</summary>
    public float Map50To95() => BoxUtils.MeanAveragePrecision50To95(_detections, _truths, Classes);

    /// <summary>Forgets every frame.</summary>
    public void Clear()
    {
        _detections.Clear();
        _truths.Clear();
    }
}
