using System.Runtime.Intrinsics;

namespace Myelin.Backends;

public sealed partial class CpuBackend
{
    /// <inheritdoc />
    public override void Softmax(Tensor x, Tensor y)
    {
        // x:(R,K) → y:(R,K)
        var k = x.Shape.Columns;
        var xv = D(x); var yv = D(y);
        for (var r = 0; r < x.Shape.Rows; r++) SoftmaxRow(xv.Slice(r * k, k), yv.Slice(r * k, k));
    }

    /// <inheritdoc />
    public override void SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor probs, Tensor loss)
    {
        // logits:(N,K) labels:(N) → probs:(N,K), loss:(N) = log Σexp(x − max) − (x[label] − max)
        var k = logits.Shape.Columns;
        var xv = D(logits); var lv = D(labels); var pv = D(probs); var loss_ = D(loss);
        for (var r = 0; r < logits.Shape.Rows; r++)
        {
            var label = CheckLabel(lv[r], k, r);
            var row = xv.Slice(r * k, k);
            var (max, sum) = SoftmaxRow(row, pv.Slice(r * k, k));
            loss_[r] = MathF.Log(sum) - (row[label] - max);
        }
    }

    /// <summary>y = exp(x − max)/Σ; returns (max, Σ).</summary>
    private static (float Max, float Sum) SoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        var i = 0;
        var max = float.NegativeInfinity;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var vm = Vector512.Create(float.NegativeInfinity);
            for (; i + 16 <= n; i += 16) vm = Vector512.Max(vm, Vector512.Create(x.Slice(i, 16)));
            max = Vector512.Max(vm, Vector512.Create(float.NegativeInfinity)).ToScalar();
            for (var l = 1; l < 16; l++) max = MathF.Max(max, vm.GetElement(l));
        }
        for (; i < n; i++) max = MathF.Max(max, x[i]);

        var sum = 0f;
        i = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var vmax = Vector512.Create(max);
            var vs = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var e = CpuVectorMath.Exp(Vector512.Create(x.Slice(i, 16)) - vmax);
                e.CopyTo(y.Slice(i, 16));
                vs += e;
            }
            sum = Vector512.Sum(vs);
        }
        for (; i < n; i++) sum += y[i] = MathF.Exp(x[i] - max);
        CpuLoops.Map<ScaleOp>(y, y, 1f / sum);
        return (max, sum);
    }
}
