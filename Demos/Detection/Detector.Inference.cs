using Myelin.Backends;

namespace Myelin.Demos.Detection;

public sealed partial class Detector
{
    /// <summary>Seed of the validation camera; training seeds must differ so the frames are disjoint.</summary>
    public const ulong ValidationSeed = 0x5EED_0FF5;
    /// <summary>Frames in the standard validation set.</summary>
    public const int ValidationFrames = 64;
    /// <summary>Confidence threshold used when scoring mAP (low, so the precision–recall curve is complete).</summary>
    public const float EvaluationConfidence = 0.05f;

    private DetectionScorer? _scorer;
    private readonly List<DetectedBox> _scratch = new(64);

    /// <summary>The fixed validation frames for <paramref name="size"/>²: <paramref name="count"/> frames, 4 per world, from <see cref="ValidationSeed"/>.</summary>
    public static CameraFrame[] Validation(int size, int count = ValidationFrames)
    {
        var camera = new SyntheticCamera(size, ValidationSeed, framesPerScene: 4);
        var frames = new CameraFrame[count];
        for (var i = 0; i < count; i++) frames[i] = camera.Render(i);
        return frames;
    }

    /// <summary>
    /// Runs the network on <paramref name="frame"/> in evaluation mode, through the batch-norm-folded
    /// copy (<see cref="FoldedModel"/>); the raw (5+K, G, G) output is valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Infer(CameraFrame frame)
    {
        if (frame.Size != Size) throw new ArgumentException($"The frame is {frame.Size}² but the detector takes {Size}².", nameof(frame));
        FoldedModel.Predict(frame.Pixels, _raw);
        return _raw;
    }

    /// <summary>
    /// Detects objects in <paramref name="frame"/>: cells scoring at least <paramref name="confidence"/>
    /// (objectness × class probability) become boxes, then per-class NMS at <paramref name="nmsIou"/>.
    /// Writes into <paramref name="result"/> (cleared first); allocates nothing.
    /// </summary>
    public void Detect(CameraFrame frame, float confidence, float nmsIou, List<DetectedBox> result)
    {
        var count = Decode(Infer(frame), Grid, confidence, _candidates);
        BoxUtils.Nms(_candidates.AsSpan(0, count), nmsIou, result);
    }

    /// <summary>
    /// Decodes raw outputs (5+K, G, G) into <paramref name="candidates"/> (at least G² long): a cell's
    /// box has centre ((col + 2σ(tx) − ½)·stride, (row + 2σ(ty) − ½)·stride) and size
    /// (e^tw·stride, e^th·stride); its score is σ(objectness) times the largest class softmax.
    /// Returns how many cells reach <paramref name="confidence"/>.
    /// </summary>
    public static int Decode(ReadOnlySpan<float> raw, GridGeometry grid, float confidence, Span<DetectedBox> candidates)
    {
        var cells = grid.Cells * grid.Cells;
        var classes = raw.Length / cells - 5;
        var count = 0;
        for (var k = 0; k < cells; k++)
        {
            var objectness = Scalar.Sigmoid(raw[k]);
            if (objectness < confidence) continue;
            var best = 0;
            for (var c = 1; c < classes; c++) if (raw[(1 + c) * cells + k] > raw[(1 + best) * cells + k]) best = c;
            var sum = 0f;
            for (var c = 0; c < classes; c++) sum += MathF.Exp(raw[(1 + c) * cells + k] - raw[(1 + best) * cells + k]);
            var score = objectness / sum;
            if (score < confidence) continue;
            int row = k / grid.Cells, col = k % grid.Cells;
            var at = (1 + classes) * cells + k;
            var cx = (col + 2 * Scalar.Sigmoid(raw[at]) - 0.5f) * grid.Stride;
            var cy = (row + 2 * Scalar.Sigmoid(raw[at + cells]) - 0.5f) * grid.Stride;
            var w = MathF.Exp(MathF.Min(raw[at + 2 * cells], DetectionLoss.MaxLogSize)) * grid.Stride;
            var h = MathF.Exp(MathF.Min(raw[at + 3 * cells], DetectionLoss.MaxLogSize)) * grid.Stride;
            candidates[count++] = new DetectedBox(Box.FromCenter(cx, cy, w, h).Clip(grid.InputSize, grid.InputSize), best, score);
        }
        return count;
    }

    /// <summary>
    /// mAP@0.5 and mAP@0.5:0.95 on <paramref name="frames"/> (detections at <see cref="EvaluationConfidence"/>,
    /// NMS IoU <paramref name="nmsIou"/>). Allocates nothing after the first call.
    /// </summary>
    public (float Map50, float Map50To95) Evaluate(IReadOnlyList<CameraFrame> frames, float nmsIou = 0.5f)
    {
        _scorer ??= new DetectionScorer(Classes);
        _scorer.Clear();
        for (var f = 0; f < frames.Count; f++)
        {
            Detect(frames[f], EvaluationConfidence, nmsIou, _scratch);
            _scorer.Add(_scratch, frames[f].Boxes);
        }
        return _scorer.Score();
    }

}
