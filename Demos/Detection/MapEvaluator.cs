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
    private readonly Entry[][] _entries;
    private readonly int[] _counts, _truths;
    private int[] _order = new int[64];
    private bool[] _matched = new bool[64];
    private bool[] _flags = new bool[256];
    private int _added;

    /// <summary>An evaluator for <paramref name="classes"/> classes at IoU ≥ <paramref name="iouThreshold"/>.</summary>
    public MapEvaluator(int classes, float iouThreshold = 0.5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
        IouThreshold = iouThreshold;
        _entries = new Entry[classes][];
        for (var c = 0; c < classes; c++) _entries[c] = new Entry[256];
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
        foreach (var t in truths)
            if ((uint)t.Class < (uint)Classes) _truths[t.Class]++;
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
            Append(d.Class, new Entry(d.Score, _added++, best >= 0));
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
            var entries = _entries[c].AsSpan(0, _counts[c]);
            entries.Sort(default(ByScore));
            if (_flags.Length < entries.Length) _flags = new bool[entries.Length * 2];
            var flags = _flags.AsSpan(0, entries.Length);
            for (var i = 0; i < entries.Length; i++) flags[i] = entries[i].TruePositive;
            sum += BoxUtils.AveragePrecision(flags, _truths[c]);
            counted++;
        }
        return counted == 0 ? float.NaN : (float)(sum / counted);
    }

    private void Append(int c, Entry e)
    {
        if (_counts[c] == _entries[c].Length) Array.Resize(ref _entries[c], _entries[c].Length * 2);
        _entries[c][_counts[c]++] = e;
    }

    private readonly record struct Entry(float Score, int Order, bool TruePositive);

    // Score descending, then insertion order: a stable sort without allocating.
    private readonly struct ByScore : IComparer<Entry>
    {
        public int Compare(Entry a, Entry b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Order.CompareTo(b.Order);
    }
}
