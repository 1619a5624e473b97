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
        var sorted = detections.OrderByDescending(d => d.Score).ToList();
        var kept = new List<DetectedBox>(sorted.Count);
        foreach (var d in sorted)
        {
            var suppressed = false;
            foreach (var k in kept)
                if (k.Class == d.Class && Iou(k.Box, d.Box) > iouThreshold) { suppressed = true; break; }
            if (!suppressed) kept.Add(d);
        }
        return kept;
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
        // Larger first so a smaller object sharing the cell overwrites it.
        foreach (var o in objects.OrderByDescending(o => o.Box.Area))
        {
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
        var n = truePositive.Length;
        var precision = new double[n];
        var recall = new double[n];
        var tp = 0;
        for (var i = 0; i < n; i++)
        {
            if (truePositive[i]) tp++;
            precision[i] = (double)tp / (i + 1);
            recall[i] = (double)tp / groundTruths;
        }
        for (var i = n - 2; i >= 0; i--) precision[i] = Math.Max(precision[i], precision[i + 1]);
        double ap = 0, previousRecall = 0;
        for (var i = 0; i < n; i++)
        {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
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
        double sum = 0;
        var counted = 0;
        for (var c = 0; c < classes; c++)
        {
            var gts = 0;
            var scored = new List<(float Score, bool Tp)>();
            for (var i = 0; i < truths.Count; i++)
            {
                var gt = truths[i].Where(t => t.Class == c).ToList();
                gts += gt.Count;
                var matched = new bool[gt.Count];
                foreach (var d in detections[i].Where(d => d.Class == c).OrderByDescending(d => d.Score))
                {
                    var best = -1;
                    var bestIou = iouThreshold;
                    for (var g = 0; g < gt.Count; g++)
                    {
                        if (matched[g]) continue;
                        var iou = Iou(d.Box, gt[g].Box);
                        if (iou >= bestIou) { bestIou = iou; best = g; }
                    }
                    if (best >= 0) matched[best] = true;
                    scored.Add((d.Score, best >= 0));
                }
            }
            if (gts == 0) continue;
            var flags = scored.OrderByDescending(s => s.Score).Select(s => s.Tp).ToArray();
            sum += AveragePrecision(flags, gts);
            counted++;
        }
        return counted == 0 ? float.NaN : (float)(sum / counted);
    }

    /// <summary>COCO-style mAP@0.5:0.95: <see cref="MeanAveragePrecision"/> averaged over IoU 0.50, 0.55, …, 0.95.</summary>
    public static float MeanAveragePrecision50To95(IReadOnlyList<IReadOnlyList<DetectedBox>> detections, IReadOnlyList<IReadOnlyList<LabeledBox>> truths, int classes)
    {
        double sum = 0;
        for (var k = 0; k < 10; k++) sum += MeanAveragePrecision(detections, truths, classes, 0.5f + 0.05f * k);
        return (float)(sum / 10);
    }
}
