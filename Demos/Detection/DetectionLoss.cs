using Myelin.Autograd;
using Myelin.Backends;
using Myelin.Losses;

namespace Myelin.Demos.Detection;

/// <summary>
/// The detector's loss, one fused op with its backward beside it. prediction:(N, 5+K, G, G) holds per
/// cell [objectness logit, K class logits, tx, ty, tw, th]; target:(N, G, G, 6) rows from
/// <see cref="BoxUtils.AssignTargets"/>. With P positive cells in the batch:
/// <code>
/// L = ( Σ_all cells BCE(obj, positive) + Σ_positives [ CE(class) + BoxWeight·(1 − GIoU(decoded, truth)) ] ) / max(1, P)
/// </code>
/// Boxes decode in cell units as centre (col + 2σ(tx) − ½, row + 2σ(ty) − ½) and size (e^tw, e^th), so
/// a cell can reach a centre up to half a cell outside it: with <see cref="Neighbours"/> each object
/// also trains the horizontal and vertical neighbour cells nearest its centre (YOLOv5-style), three
/// positives per object, which speeds up learning; NMS removes the duplicates at inference.
/// </summary>
public sealed class DetectionLoss(float boxWeight = 2f, bool neighbours = true) : Loss
{
    /// <summary>Weight of the GIoU box term.</summary>
    public float BoxWeight { get; } = boxWeight;

    /// <summary>Whether the two nearest neighbour cells of each object's centre cell are positives too.</summary>
    public bool Neighbours { get; } = neighbours;

    /// <inheritdoc />
    public override string Name => "detection";

    /// <inheritdoc />
    public override TargetKind Targets => TargetKind.Values;

    /// <summary>Log-size clamp: e^6 cells is far beyond any frame, and keeps exp finite early in training.</summary>
    public const float MaxLogSize = 6f;

    /// <inheritdoc />
    public override Tensor Compute(Tensor prediction, Tensor target)
    {
        if (prediction.Rank != 4 || prediction.Shape[1] < 6 || prediction.Shape[2] != prediction.Shape[3])
            throw new ArgumentException($"{Name}: prediction {prediction.Shape} must be (N, 5+K, G, G).");
        var n = prediction.Shape[0];
        var g = prediction.Shape[2];
        if (target.Length != n * g * g * GridGeometry.TargetWidth)
            throw new ArgumentException($"{Name}: target {target.Shape} must hold (N={n}, G={g}, G={g}, {GridGeometry.TargetWidth}) values.");
        if (!prediction.IsHost || !target.IsHost)
            throw new ArgumentException($"{Name}: runs on host tensors; prediction is on '{prediction.Backend.Name}'.");
        return Tape.Current.Record<LossNode>(prediction.RequiresGrad).Run(prediction, target, BoxWeight, Neighbours);
    }

    /// <summary>The recorded op: the forward saves d loss / d prediction, the backward scales it by d output.</summary>
    private sealed class LossNode : Node
    {
        private Tensor _prediction = null!;
        private float[] _grad = [];
        private int[] _owner = [];

        public override string OpName => "DetectionLoss";

        public Tensor Run(Tensor prediction, Tensor target, float boxWeight, bool neighbours)
        {
            var loss = MakeOutput(prediction.Backend, new Shape(1));
            _prediction = prediction;
            var s = prediction.Shape;
            loss.Span[0] = Forward(prediction.Span, target.Span, s[0], s[1] - 5, s[2], boxWeight, neighbours);
            return loss;
        }

        // p:(N,C,G,G) t:(N,G,G,6) → the loss; the gradient lands in _grad (same layout as p).
        public float Forward(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int n, int classes, int g, float boxWeight, bool neighbours)
        {
            var cells = g * g;
            var channels = 5 + classes;
            if (_grad.Length < p.Length) _grad = new float[p.Length];
            if (_owner.Length < cells) _owner = new int[cells];
            var grad = _grad.AsSpan(0, p.Length);
            grad.Clear();
            var owner = _owner.AsSpan(0, cells);
            double objSum = 0, clsSum = 0, boxSum = 0;
            var positives = 0;
            for (var b = 0; b < n; b++)
            {
                var pb = p.Slice(b * channels * cells, channels * cells);
                var gb = grad.Slice(b * channels * cells, channels * cells);
                var tb = t.Slice(b * cells * GridGeometry.TargetWidth, cells * GridGeometry.TargetWidth);
                // owner[k]: the primary cell whose object cell k learns, or −1 (negative).
                owner.Fill(-1);
                for (var k = 0; k < cells; k++)
                    if (tb[k * GridGeometry.TargetWidth] > 0.5f) owner[k] = k;
                if (neighbours)
                    for (var k = 0; k < cells; k++)
                    {
                        if (owner[k] != k) continue;
                        int row = k / g, col = k % g;
                        var tx = tb[k * GridGeometry.TargetWidth + 2];
                        var ty = tb[k * GridGeometry.TargetWidth + 3];
                        var nc = tx < 0.5f ? col - 1 : col + 1;
                        var nr = ty < 0.5f ? row - 1 : row + 1;
                        if (nc >= 0 && nc < g && owner[row * g + nc] < 0) owner[row * g + nc] = k;
                        if (nr >= 0 && nr < g && owner[nr * g + col] < 0) owner[nr * g + col] = k;
                    }
                for (var k = 0; k < cells; k++)
                {
                    // Objectness BCE on the logit: softplus(o) − y·o; d/do = σ(o) − y.
                    var o = pb[k];
                    var y = owner[k] >= 0 ? 1f : 0f;
                    objSum += Math.Max(o, 0f) - o * y + Math.Log(1 + Math.Exp(-Math.Abs(o)));
                    gb[k] = Scalar.Sigmoid(o) - y;
                    if (owner[k] < 0) continue;
                    positives++;
                    var tr = tb.Slice(owner[k] * GridGeometry.TargetWidth, GridGeometry.TargetWidth);
                    clsSum += ClassLoss(pb, gb, k, cells, classes, (int)tr[1]);
                    int primaryRow = owner[k] / g, primaryCol = owner[k] % g;
                    // Truth in cell units, relative to this cell's corner.
                    var cx = primaryCol + tr[2] - k % g;
                    var cy = primaryRow + tr[3] - k / g;
                    double tw = Math.Exp(tr[4]), th = Math.Exp(tr[5]);
                    boxSum += boxWeight * BoxLoss(pb, gb, k, cells, 1 + classes, cx - 0.5 * tw, cy - 0.5 * th, cx + 0.5 * tw, cy + 0.5 * th, boxWeight);
                }
            }
            var scale = 1f / Math.Max(1, positives);
            foreach (ref var v in grad) v *= scale;
            return (float)((objSum + clsSum + boxSum) * scale);
        }

        // Softmax cross-entropy over the K class logits of cell k; adds (p − onehot) to their gradient.
        private static double ClassLoss(ReadOnlySpan<float> pb, Span<float> gb, int k, int cells, int classes, int label)
        {
            var max = float.NegativeInfinity;
            for (var c = 0; c < classes; c++) max = MathF.Max(max, pb[(1 + c) * cells + k]);
            double sum = 0;
            for (var c = 0; c < classes; c++) sum += Math.Exp(pb[(1 + c) * cells + k] - max);
            for (var c = 0; c < classes; c++)
            {
                var prob = Math.Exp(pb[(1 + c) * cells + k] - max) / sum;
                gb[(1 + c) * cells + k] = (float)(prob - (c == label ? 1 : 0));
            }
            return Math.Log(sum) + max - pb[(1 + label) * cells + k];
        }

        // 1 − GIoU between the box decoded from channels [at, at+4) of cell k and the truth (g0..g3), in
        // cell units relative to the cell's corner; adds weight · its gradient to those channels.
        private static double BoxLoss(ReadOnlySpan<float> pb, Span<float> gb, int k, int cells, int at, double gx0, double gy0, double gx1, double gy1, float weight)
        {
            double sx = Scalar.Sigmoid(pb[at * cells + k]), sy = Scalar.Sigmoid(pb[(at + 1) * cells + k]);
            var rawW = pb[(at + 2) * cells + k];
            var rawH = pb[(at + 3) * cells + k];
            double w = Math.Exp(Math.Min(rawW, MaxLogSize)), h = Math.Exp(Math.Min(rawH, MaxLogSize));
            double cx = 2 * sx - 0.5, cy = 2 * sy - 0.5;
            double x0 = cx - 0.5 * w, x1 = cx + 0.5 * w, y0 = cy - 0.5 * h, y1 = cy + 0.5 * h;
            var giou = Giou(x0, y0, x1, y1, gx0, gy0, gx1, gy1, out var dx0, out var dy0, out var dx1, out var dy1);
            // d(1 − GIoU) = −dGIoU; centre moves both edges, size moves them apart.
            double dcx = -(dx0 + dx1), dcy = -(dy0 + dy1), dw = -0.5 * (dx1 - dx0), dh = -0.5 * (dy1 - dy0);
            gb[at * cells + k] = (float)(weight * dcx * 2 * sx * (1 - sx));
            gb[(at + 1) * cells + k] = (float)(weight * dcy * 2 * sy * (1 - sy));
            gb[(at + 2) * cells + k] = rawW > MaxLogSize ? 0f : (float)(weight * dw * w);
            gb[(at + 3) * cells + k] = rawH > MaxLogSize ? 0f : (float)(weight * dh * h);
            return 1 - giou;
        }

        public override void Backward()
        {
            if (!Needs(_prediction)) return;
            var d = Output!.Grad!.Span[0];
            var dp = _prediction.EnsureGrad().Span;
            var grad = _grad.AsSpan(0, dp.Length);
            for (var i = 0; i < dp.Length; i++) dp[i] += d * grad[i];
        }
    }

    /// <summary>
    /// Generalised IoU of box a and box b (corners), IoU − (C − U)/C with C the enclosing box, and its
    /// gradient with respect to a's corners.
    /// </summary>
    public static double Giou(double ax0, double ay0, double ax1, double ay1, double bx0, double by0, double bx1, double by1,
        out double dax0, out double day0, out double dax1, out double day1)
    {
        double iw = Math.Min(ax1, bx1) - Math.Max(ax0, bx0), ih = Math.Min(ay1, by1) - Math.Max(ay0, by0);
        var overlap = iw > 0 && ih > 0;
        var inter = overlap ? iw * ih : 0;
        double aw = ax1 - ax0, ah = ay1 - ay0;
        var union = aw * ah + (bx1 - bx0) * (by1 - by0) - inter;
        double cw = Math.Max(ax1, bx1) - Math.Min(ax0, bx0), ch = Math.Max(ay1, by1) - Math.Min(ay0, by0);
        var enclosing = cw * ch;
        // GIoU = I/U − 1 + U/C with U = A + B − I.
        var giou = inter / union - 1 + union / enclosing;
        var dInter = 1 / union + inter / (union * union) - 1 / enclosing;
        var dArea = -inter / (union * union) + 1 / enclosing;
        var dEnclosing = -union / (enclosing * enclosing);
        double diw = overlap ? dInter * ih : 0, dih = overlap ? dInter * iw : 0;
        dax0 = -dArea * ah - (ax0 > bx0 ? diw : 0) - (ax0 < bx0 ? dEnclosing * ch : 0);
        dax1 = dArea * ah + (ax1 < bx1 ? diw : 0) + (ax1 > bx1 ? dEnclosing * ch : 0);
        day0 = -dArea * aw - (ay0 > by0 ? dih : 0) - (ay0 < by0 ? dEnclosing * cw : 0);
        day1 = dArea * aw + (ay1 < by1 ? dih : 0) + (ay1 > by1 ? dEnclosing * cw : 0);
        return giou;
    }

}
