using Myelin.Backends;

namespace Myelin.Gpu;

public sealed partial class GpuSelfCheck
{
    private int[] Lengths => _small ? [1, 7, 33, 300] : [1, 7, 33, 1025, 100_003];

    private void CheckElementwise()
    {
        foreach (var n in Lengths)
        {
            var s = new Shape(n);
            var (yr, yd) = Pair(s);
            _reference.Fill(yr, 0.25f); _device.Fill(yd, 0.25f);
            Compare($"Fill n={n}", yr, yd, 0);

            var (xr, xd) = Pair(s);
            _reference.Axpby(1.5f, xr, 0.5f, yr); _device.Axpby(1.5f, xd, 0.5f, yd);
            Compare($"Axpby n={n}", yr, yd);

            var (mr, md) = Pair(s);
            _reference.DropoutMask(mr, 0.3f, 77u); _device.DropoutMask(md, 0.3f, 77u);
            Compare($"DropoutMask n={n}", mr, md, 0);
        }

        var shape = new Shape(7, 9);
        foreach (var kind in Enum.GetValues<UnaryKind>())
        {
            // Log, Sqrt, Pow and Reciprocal need positive inputs.
            var positive = kind is UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Pow or UnaryKind.Reciprocal;
            var (xr, xd) = Pair(shape, positive ? 0.1f : -4f, 4f);
            var alpha = kind == UnaryKind.Pow ? 1.7f : 0.3f;
            var (yr, yd) = Pair(shape);
            _reference.Unary(kind, xr, yr, alpha); _device.Unary(kind, xd, yd, alpha);
            Compare($"Unary {kind}", yr, yd);
            var (gr, gd) = Pair(shape);
            var (dxr, dxd) = Pair(shape);
            _reference.UnaryBackward(kind, xr, yr, gr, dxr, alpha); _device.UnaryBackward(kind, xd, yd, gd, dxd, alpha);
            Compare($"UnaryBackward {kind}", dxr, dxd);
        }

        var (sr, sd) = Pair([9f], new Shape(1));
        var (cr, cd) = Pair(new Shape(33));
        _reference.ClipByNorm(cr, sr, 1.5f); _device.ClipByNorm(cd, sd, 1.5f);
        Compare("ClipByNorm clipped", cr, cd);
        _reference.ClipByNorm(cr, sr, 5f); _device.ClipByNorm(cd, sd, 5f);
        Compare("ClipByNorm unclipped", cr, cd, 0);
    }

    private void CheckBroadcastAndReduce()
    {
        (Shape A, Shape B, Shape Y)[] cases =
        [
            (new(7, 5), new(7, 5), new(7, 5)),
            (new(7, 5), new(5), new(7, 5)),
            (new(7, 1), new(1, 5), new(7, 5)),
            (new(2, 1, 3, 1), new(4, 1, 6), new(2, 4, 3, 6)),
            (new(1), new(33), new(33)),
        ];
        foreach (var (a, b, y) in cases)
            foreach (var kind in Enum.GetValues<BinaryKind>())
            {
                var (ar, ad) = Pair(a);
                var (br, bd) = Pair(b, kind == BinaryKind.Divide ? 0.5f : -2f, 2f);
                if (kind == BinaryKind.Equal) { _reference.Fill(br, 1f); _device.Fill(bd, 1f); _reference.Fill(ar, 1f); _device.Fill(ad, 1f); }
                var (yr, yd) = Pair(y);
                _reference.Binary(kind, ar, br, yr); _device.Binary(kind, ad, bd, yd);
                Compare($"Binary {kind} {a}∘{b}", yr, yd);
            }

        var rows = _small ? 65 : 1025;
        (Shape X, Shape Y)[] sums = [(new(rows, 5), new(5)), (new(rows, 5), new(1)), (new(3, 4, 5), new(3, 1, 5)), (new(2, 3, 4), new(2, 3, 4)), (new(6, 1), new(1, 1))];
        foreach (var (x, y) in sums)
        {
            var (xr, xd) = Pair(x);
            var (yr, yd) = Pair(y);
            _reference.SumTo(xr, yr, 0.5f, 0.25f); _device.SumTo(xd, yd, 0.5f, 0.25f);
            Compare($"SumTo {x}→{y}", yr, yd);
        }

        var (pr, pd) = Pair(new Shape(2, 3, 4));
        var (qr, qd) = Pair(new Shape(4, 2, 3));
        _reference.Permute(pr, qr, [2, 0, 1]); _device.Permute(pd, qd, [2, 0, 1]);
        Compare("Permute (2,3,4)→(4,2,3)", qr, qd, 0);
    }

    private void CheckMatMul()
    {
        // Edges of the 128 x 128 tiles, and long-K products that split K (a convolution's weight gradient).
        (int M, int K, int N)[] sizes = _small
            ? [(1, 1, 1), (7, 5, 3), (33, 17, 65), (5, 300, 7)]
            : [(1, 1, 1), (7, 5, 3), (33, 17, 65), (129, 1025, 67), (512, 512, 512), (300, 260, 270), (8, 12544, 9), (16, 3136, 72)];
        foreach (var (m, k, n) in sizes)
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                var (ar, ad) = Pair(ta ? new Shape(k, m) : new Shape(m, k));
                var (br, bd) = Pair(tb ? new Shape(n, k) : new Shape(k, n));
                var (cr, cd) = Pair(new Shape(m, n));
                _reference.MatMul(ar, br, cr, ta, tb, 0.5f, 0.25f); _device.MatMul(ad, bd, cd, ta, tb, 0.5f, 0.25f);
                Compare($"MatMul {m}x{k}x{n}{(ta ? " Tᴬ" : "")}{(tb ? " Tᴮ" : "")}", cr, cd);
            }

        foreach (var act in new[] { UnaryKind.Identity, UnaryKind.Relu, UnaryKind.Sigmoid, UnaryKind.Tanh, UnaryKind.Gelu, UnaryKind.LeakyRelu })
            foreach (var withBias in new[] { true, false })
            {
                var (xr, xd) = Pair(new Shape(9, 13));
                var (wr, wd) = Pair(new Shape(13, 70));
                var (br, bd) = Pair(new Shape(70));
                var (yr, yd) = Pair(new Shape(9, 70));
                _reference.Dense(xr, wr, withBias ? br : null, yr, act, 0.1f);
                _device.Dense(xd, wd, withBias ? bd : null, yd, act, 0.1f);
                Compare($"Dense {act}{(withBias ? " +bias" : "")}", yr, yd);
            }
    }

    private void CheckWindows()
    {
        Conv2DGeometry[] geometries =
        [
            new(2, 3, 7, 6, 3, 3, 1, 1, 1, 1),
            new(1, 2, 9, 8, 3, 2, 2, 2, 1, 0),
            new(2, 1, 5, 5, 1, 1, 1, 1, 0, 0),
        ];
        foreach (var g in geometries)
        {
            var name = $"{g.Batch}x{g.Channels}x{g.Height}x{g.Width} k{g.KernelH}x{g.KernelW} s{g.StrideH} p{g.PadH}{g.PadW}";
            var x = new Shape(g.Batch, g.Channels, g.Height, g.Width);
            var (xr, xd) = Pair(x);
            var (cr, cd) = Pair(new Shape(g.PatchSize, g.PatchCount));
            _reference.Im2Col(xr, cr, g); _device.Im2Col(xd, cd, g);
            Compare($"Im2Col {name}", cr, cd, 0);
            var (dr, dd) = Pair(x);
            _reference.Col2Im(cr, dr, g); _device.Col2Im(cd, dd, g);
            Compare($"Col2Im {name}", dr, dd);

            var y = new Shape(g.Batch, g.Channels, g.OutHeight, g.OutWidth);
            var (yr, yd) = Pair(y);
            _reference.MaxPool2D(xr, yr, g); _device.MaxPool2D(xd, yd, g);
            Compare($"MaxPool2D {name}", yr, yd, 0);
            var (gr, gd) = Pair(y);
            _reference.MaxPool2DBackward(xr, gr, dr, g); _device.MaxPool2DBackward(xd, gd, dd, g);
            Compare($"MaxPool2DBackward {name}", dr, dd);
            _reference.AvgPool2D(xr, yr, g); _device.AvgPool2D(xd, yd, g);
            Compare($"AvgPool2D {name}", yr, yd);
            _reference.AvgPool2DBackward(gr, dr, g); _device.AvgPool2DBackward(gd, dd, g);
            Compare($"AvgPool2DBackward {name}", dr, dd);
        }
    }

    private void CheckRows()
    {
        foreach (var (rows, k) in new[] { (1, 1), (7, 10), (33, 65) })
        {
            var s = new Shape(rows, k);
            var (xr, xd) = Pair(s, -8f, 8f);
            var (yr, yd) = Pair(s);
            _reference.Softmax(xr, yr); _device.Softmax(xd, yd);
            Compare($"Softmax {s}", yr, yd);
            var (gr, gd) = Pair(s);
            var (dr, dd) = Pair(s);
            _reference.SoftmaxBackward(yr, gr, dr); _device.SoftmaxBackward(yd, gd, dd);
            Compare($"SoftmaxBackward {s}", dr, dd);

            var labels = new float[rows];
            for (var i = 0; i < rows; i++) labels[i] = _rng.NextInt(k);
            var (lr, ld) = Pair(labels, new Shape(rows));
            var (pr, pd) = Pair(s);
            var (or, od) = Pair(new Shape(rows));
            _reference.SoftmaxCrossEntropy(xr, lr, pr, or); _device.SoftmaxCrossEntropy(xd, ld, pd, od);
            Compare($"SoftmaxCrossEntropy {s} probs", pr, pd);
            Compare($"SoftmaxCrossEntropy {s} loss", or, od);
            var (wr, wd) = Pair(new Shape(rows), 0.5f, 1.5f);
            _reference.SoftmaxCrossEntropyBackward(pr, lr, wr, dr); _device.SoftmaxCrossEntropyBackward(pd, ld, wd, dd);
            Compare($"SoftmaxCrossEntropyBackward {s}", dr, dd);

            var (ir, id) = Pair(new Shape(rows));
            _reference.ArgMax(xr, ir); _device.ArgMax(xd, id);
            Compare($"ArgMax {s}", ir, id, 0);
        }
    }

    private void CheckOptimizers()
    {
        var n = _small ? 37 : 100_003;
        var s = new Shape(n);
        OptimizerHyper[] sgd =
        [
            new() { LearningRate = 0.1f },
            new() { LearningRate = 0.1f, Momentum = 0.9f, WeightDecay = 0.01f },
            new() { LearningRate = 0.1f, Momentum = 0.9f, Nesterov = true },
        ];
        foreach (var h in sgd)
        {
            var (pr, pd) = Pair(s); var (gr, gd) = Pair(s); var (vr, vd) = Pair(s);
            for (var step = 0; step < 3; step++)
            {
                _reference.SgdUpdate(pr, gr, h.Momentum == 0 ? null : vr, h);
                _device.SgdUpdate(pd, gd, h.Momentum == 0 ? null : vd, h);
            }
            Compare($"SgdUpdate momentum={h.Momentum} nesterov={h.Nesterov}", pr, pd);
        }
        foreach (var decoupled in new[] { false, true })
        {
            var (pr, pd) = Pair(s); var (gr, gd) = Pair(s);
            var (mr, md) = Pair(s); var (vr, vd) = Pair(s, 0f, 1f);
            for (var step = 1; step <= 3; step++)
            {
                var h = new OptimizerHyper { LearningRate = 0.01f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, WeightDecay = 0.01f, DecoupledWeightDecay = decoupled, Step = step };
                _reference.AdamUpdate(pr, gr, mr, vr, h); _device.AdamUpdate(pd, gd, md, vd, h);
            }
            Compare($"AdamUpdate decoupled={decoupled}", pr, pd);
        }
        {
            var (pr, pd) = Pair(s); var (gr, gd) = Pair(s); var (sr, sd) = Pair(s, 0f, 1f);
            var h = new OptimizerHyper { LearningRate = 0.05f, Epsilon = 1e-8f, WeightDecay = 0.001f };
            _reference.AdagradUpdate(pr, gr, sr, h); _device.AdagradUpdate(pd, gd, sd, h);
            Compare("AdagradUpdate", pr, pd);
        }
        foreach (var momentum in new[] { 0f, 0.9f })
        {
            var (pr, pd) = Pair(s); var (gr, gd) = Pair(s); var (sr, sd) = Pair(s, 0f, 1f); var (br, bd) = Pair(s);
            var h = new OptimizerHyper { LearningRate = 0.01f, Beta2 = 0.99f, Momentum = momentum, Epsilon = 1e-8f };
            _reference.RmsPropUpdate(pr, gr, sr, momentum == 0 ? null : br, h);
            _device.RmsPropUpdate(pd, gd, sd, momentum == 0 ? null : bd, h);
            Compare($"RmsPropUpdate momentum={momentum}", pr, pd);
        }
    }
}
