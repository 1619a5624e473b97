namespace Myelin.Demos.Detection;

/// <summary>
/// Box arithmetic for detection: IoU, per-class non-maximum suppression, grid target assignment
/// and its inverse, and VOC-style mean average precision.
/// </summary>
public static class BoxUtils
{
    /// <summary>Intersection over union of two boxes (0 when both are empty).</summary>
    public static float Iou(in Box a, in Box b)
    {
        var iw = MathF.Min(a.X1, b.X1) - MathF.Max(a.X0, b.X0);
        var ih = MathF.Min(a.Y1, b.Y1) - MathF.Max(a.Y0, b.Y0);
        if (iw <= 0f || ih <= 0f) return 0f;
        var inter = iw * ih;
        var union = a.Area + b.Area - inter;
        return union > 0f ? inter / union : 0f;
    }

    /// <summary>
    /// Non-maximum suppression per class: detections sorted by score (descending, stable), each kept
    /// unless a kept detection of the same class overlaps it with IoU &gt; <paramref name="iouThreshold"/>.
    /// </summary>
    public static List<DetectedBox> Nms(IEnumerable<DetectedBox> detections, float iouThreshold = 0.5f)
    {
        var candidates = detections.ToArray();
        var kept = new List<DetectedBox>(candidates.Length);
        Nms(candidates, iouThreshold, kept);
        return kept;
    }

    /// <summary>
    /// <see cref="Nms(IEnumerable{DetectedBox}, float)"/> without allocating: sorts
    /// <paramref name="candidates"/> in place and writes the survivors into <paramref name="kept"/> (cleared first).
    /// </summary>
    public static void Nms(Span<DetectedBox> candidates, float iouThreshold, List<DetectedBox> kept)
    {
        // Insertion sort: stable, and candidates are few after the confidence threshold.
        for (var i = 1; i < candidates.Length; i++)
        {
            var d = candidates[i];
            var j = i - 1;
            while (j >= 0 && candidates[j].Score < d.Score) { candidates[j + 1] = candidates[j]; j--; }
            candidates[j + 1] = d;
        }
        kept.Clear();
        foreach (var d in candidates)
        {
            var suppressed = false;
            foreach (var k in kept)
                if (k.Class == d.Class && Iou(k.Box, d.Box) > iouThreshold) { suppressed = true; break; }
            if (!suppressed) kept.Add(d);
        }
    }

    /// <summary>
    /// Writes grid targets for <paramref name="objects"/> into <paramref name="targets"/> (cells² rows
    /// of <see cref="GridGeometry.TargetWidth"/>, row-major over (row, col)): each object goes to the
    /// cell holding its centre; where two share a cell the smaller one wins. Returns the positives.
    /// </summary>
    public static int AssignTargets(IReadOnlyList<LabeledBox> objects, GridGeometry grid, Span<float> targets)
    {
        var w = GridGeometry.TargetWidth;
        if (targets.Length != grid.Cells * grid.Cells * w)
            throw new ArgumentException($"AssignTargets: a {grid.Cells}² grid needs {grid.Cells * grid.Cells * w} values; got {targets.Length}.");
        targets.Clear();
        var positives = 0;
        // Larger first (stable) so a smaller object sharing the cell overwrites it; no allocation per frame.
        Span<int> order = objects.Count <= 256 ? stackalloc int[objects.Count] : new int[objects.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var j = i - 1;
            var area = objects[i].Box.Area;
            while (j >= 0 && objects[order[j]].Box.Area < area) { order[j + 1] = order[j]; j--; }
            order[j + 1] = i;
        }
        foreach (var index in order)
        {
            var o = objects[index];
            var b = o.Box;
            if (b.Width < 1f || b.Height < 1f) continue;
            var gx = b.CenterX / grid.Stride;
            var gy = b.CenterY / grid.Stride;
            var col = Math.Clamp((int)gx, 0, grid.Cells - 1);
            var row = Math.Clamp((int)gy, 0, grid.Cells - 1);
            var t = targets.Slice((row * grid.Cells + col) * w, w);
            if (t[0] == 0f) positives++;
            t[0] = 1f;
            t[1] = o.Class;
            t[2] = Math.Clamp(gx - col, 0f, 0.999f);
            t[3] = Math.Clamp(gy - row, 0f, 0.999f);
            t[4] = MathF.Log(b.Width / grid.Stride);
            t[5] = MathF.Log(b.Height / grid.Stride);
        }
        return positives;
    }

    /// <summary>The objects encoded in grid <paramref name="targets"/> (the inverse of <see cref="AssignTargets"/>).</summary>
    public static List<LabeledBox> DecodeTargets(ReadOnlySpan<float> targets, GridGeometry grid)
    {
        var w = GridGeometry.TargetWidth;
        var result = new List<LabeledBox>();
        for (var row = 0; row < grid.Cells; row++)
            for (var col = 0; col < grid.Cells; col++)
            {
                var t = targets.Slice((row * grid.Cells + col) * w, w);
                if (t[0] > 0.5f) result.Add(new LabeledBox(grid.Decode(row, col, t[2], t[3], t[4], t[5]), (int)t[1]));
            }
        return result;
    }

    /// <summary>
    /// All-point interpolated average precision (VOC 2010+): the area under the precision–recall
    /// curve after making precision monotonically non-increasing. <paramref name="truePositive"/>
    /// lists the detections in descending score order; <paramref name="groundTruths"/> is the number of
    /// objects (0 gives NaN: AP is undefined).
    /// </summary>
    public static float AveragePrecision(ReadOnlySpan<bool> truePositive, int groundTruths)
    {
        if (groundTruths == 0) return float.NaN;
        // Backwards: the running maximum of precision is the monotone envelope; recall grows by
        // 1/groundTruths at each true positive. No arrays, so per-frame evaluation allocates nothing.
        var tp = 0;
        foreach (var t in truePositive) if (t) tp++;
        double ap = 0, envelope = 0;
        for (var i = truePositive.Length - 1; i >= 0; i--)
        {
            envelope = Math.Max(envelope, (double)tp / (i + 1));
            if (!truePositive[i]) continue;
            ap += envelope / groundTruths;
            tp--;
        }
        return (float)ap;
    }

    /// <summary>
    /// Mean over classes (those with at least one ground-truth object) of the average precision at
    /// IoU ≥ <paramref name="iouThreshold"/>. Per image, detections are matched greedily in score
    /// order to the unmatched ground truth of their class with the highest IoU; duplicates are false
    /// positives.
    /// </summary>
    public static float MeanAveragePrecision(IReadOnlyList<IReadOnlyList<DetectedBox>> detections, IReadOnlyList<IReadOnlyList<LabeledBox>> truths, int classes, float iouThreshold = 0.5f)
    {
        if (detections.Count != truths.Count)
            throw new ArgumentException($"MeanAveragePrecision: {detections.Count} images of detections but {truths.Count} of ground truth.");
        var evaluator = new MapEvaluator(classes, iouThreshold);
        for (var i = 0; i < truths.Count; i++) evaluator.Add(detections[i], truths[i]);
        return evaluator.MeanAveragePrecision();
    }

    /// <summary>COCO-style mAP@0.5:0.95: <see cref="MeanAveragePrecision"/> averaged over IoU 0.50, 0.55, …, 0.95.</summary>
    public static float MeanAveragePrecision50To95(IReadOnlyList<IReadOnlyList<DetectedBox>> detections, IReadOnlyList<IReadOnlyList<LabeledBox>> truths, int classes)
    {
        double sum = 0;
        for (var k = 0; k < 10; k++) sum += MeanAveragePrecision(detections, truths, classes, 0.5f + 0.05f * k);
        return (float)(sum / 10);
    }
}
