namespace Myelin.Demos.Detection;

/// <summary>
/// Accumulates detections and ground truth image by image and gives the mean average precision at
/// one IoU threshold (the rules of <see cref="BoxUtils.MeanAveragePrecision"/>): per image,
/// detections are matched greedily in score order to the unmatched ground truth of their class with
/// the highest IoU; duplicates are false positives. Reusable: after the buffers have grown once,
/// <see cref="Clear"/>, <see cref="Add"/> and <see cref="MeanAveragePrecision"/> allocate nothing.
/// </summary>
public sealed class MapEvaluator
{
    // Per class: sort keys (score descending, then arrival order) and whether each detection is a true positive.
    private readonly long[][] _keys;
    private readonly bool[][] _hits;
    private readonly int[] _counts, _truths;
    private int[] _order = new int[1024];
    private bool[] _matched = new bool[64];
    private int _added;

    static MapEvaluator()
    {
        // The runtime builds its (long, bool) sort helper on the first sort of two or more items:
        // do it here, not in the first frame whose detections need sorting (24 B mid-run otherwise).
        Span<long> keys = [2, 1];
        Span<bool> hits = [false, true];
        keys.Sort(hits);
    }

    /// <summary>
    /// An evaluator for <paramref name="classes"/> classes at IoU ≥ <paramref name="iouThreshold"/>, with
    /// room for <paramref name="capacity"/> detections per class before its buffers grow.
    /// </summary>
    public MapEvaluator(int classes, float iouThreshold = 0.5f, int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
        IouThreshold = iouThreshold;
        _keys = new long[classes][];
        _hits = new bool[classes][];
        for (var c = 0; c < classes; c++) { _keys[c] = new long[capacity]; _hits[c] = new bool[capacity]; }
        _counts = new int[classes];
        _truths = new int[classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }
    /// <summary>IoU a detection needs with its ground truth to count as a true positive.</summary>
    public float IouThreshold { get; }
    /// <summary>Images added since the last <see cref="Clear"/>.</summary>
    public int Images { get; private set; }

    /// <summary>Forgets every image.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Array.Clear(_truths);
        Images = 0;
        _added = 0;
    }

    /// <summary>Adds one image: its detections (any order) and its ground-truth objects.</summary>
    public void Add(IReadOnlyList<DetectedBox> detections, IReadOnlyList<LabeledBox> truths)
    {
        if (_order.Length < detections.Count) _order = new int[detections.Count * 2];
        if (_matched.Length < truths.Count) _matched = new bool[truths.Count * 2];
        // Indexed loops: foreach over an interface would allocate an enumerator per image.
        for (var g = 0; g < truths.Count; g++)
            if ((uint)truths[g].Class < (uint)Classes) _truths[truths[g].Class]++;
        // Detection indices by score, descending and stable.
        var order = _order.AsSpan(0, detections.Count);
        for (var i = 0; i < order.Length; i++)
        {
            var j = i - 1;
            var score = detections[i].Score;
            while (j >= 0 && detections[order[j]].Score < score) { order[j + 1] = order[j]; j--; }
            order[j + 1] = i;
        }
        var matched = _matched.AsSpan(0, truths.Count);
        matched.Clear();
        foreach (var index in order)
        {
            var d = detections[index];
            if ((uint)d.Class >= (uint)Classes) continue;
            var best = -1;
            var bestIou = IouThreshold;
            for (var g = 0; g < truths.Count; g++)
            {
                if (matched[g] || truths[g].Class != d.Class) continue;
                var iou = BoxUtils.Iou(d.Box, truths[g].Box);
                if (iou >= bestIou) { bestIou = iou; best = g; }
            }
            if (best >= 0) matched[best] = true;
            Append(d.Class, d.Score, best >= 0);
        }
        Images++;
    }

    /// <summary>Mean over classes with at least one ground-truth object of their average precision; NaN when there are none.</summary>
    public float MeanAveragePrecision()
    {
        double sum = 0;
        var counted = 0;
        for (var c = 0; c < Classes; c++)
        {
            if (_truths[c] == 0) continue;
            // Primitive keys sort without a comparer delegate: nothing is allocated.
            var hits = _hits[c].AsSpan(0, _counts[c]);
            _keys[c].AsSpan(0, _counts[c]).Sort(hits);
            sum += BoxUtils.AveragePrecision(hits, _truths[c]);
            counted++;
        }
        return counted == 0 ? float.NaN : (float)(sum / counted);
    }

    private void Append(int c, float score, bool hit)
    {
        if (_counts[c] == _keys[c].Length)
        {
            Array.Resize(ref _keys[c], _keys[c].Length * 2);
            Array.Resize(ref _hits[c], _hits[c].Length * 2);
        }
        // Scores are ≥ 0, whose float bits order like the values: invert them for descending order.
        _keys[c][_counts[c]] = ((long)(int.MaxValue - BitConverter.SingleToInt32Bits(MathF.Max(score, 0f))) << 32) | (uint)_added++;
        _hits[c][_counts[c]++] = hit;
    }
}
