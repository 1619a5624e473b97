namespace Myelin.Backends;

public partial class ReferenceBackend
{
    /// <inheritdoc />
    public virtual void Softmax(Tensor x, Tensor y)
    {
        var k = x.Shape.Columns;
        var xv = D(x); var yv = D(y);
        for (var r = 0; r < x.Shape.Rows; r++)
        {
            var row = xv.Slice(r * k, k);
            var max = float.NegativeInfinity;
            foreach (var v in row) max = MathF.Max(max, v);
            double sum = 0;
            for (var j = 0; j < k; j++) sum += MathF.Exp(row[j] - max);
            for (var j = 0; j < k; j++) yv[r * k + j] = (float)(MathF.Exp(row[j] - max) / sum);
        }
    }

    /// <inheritdoc />
    public virtual void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx)
    {
        var k = y.Shape.Columns;
        var yv = D(y); var dyv = D(dy); var dxv = D(dx);
        for (var r = 0; r < y.Shape.Rows; r++)
        {
            double dot = 0;
            for (var j = 0; j < k; j++) dot += dyv[r * k + j] * yv[r * k + j];
            for (var j = 0; j < k; j++) dxv[r * k + j] += yv[r * k + j] * (dyv[r * k + j] - (float)dot);
        }
    }

    /// <inheritdoc />
    public virtual void SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor probs, Tensor loss)
    {
        Softmax(logits, probs);
        var k = logits.Shape.Columns;
        var lv = D(labels); var xv = D(logits); var loss_ = D(loss);
        for (var r = 0; r < logits.Shape.Rows; r++)
        {
            var label = CheckLabel(lv[r], k, r);
            var row = xv.Slice(r * k, k);
            var max = float.NegativeInfinity;
            foreach (var v in row) max = MathF.Max(max, v);
            double sum = 0;
            for (var j = 0; j < k; j++) sum += Math.Exp(row[j] - max);
            // −log softmax computed from logits (log-sum-exp), not from a rounded probability.
            loss_[r] = (float)(Math.Log(sum) - (row[label] - max));
        }
    }

    /// <summary>Validates a class label stored as a float.</summary>
    protected static int CheckLabel(float label, int classes, int row)
    {
        var l = (int)label;
        if (l != label || l < 0 || l >= classes)
            throw new ArgumentException($"Label {label} in row {row} is not a class index in 0..{classes - 1}.");
        return l;
    }

    /// <inheritdoc />
    public virtual void SoftmaxCrossEntropyBackward(Tensor probs, Tensor labels, Tensor dloss, Tensor dlogits)
    {
        var k = probs.Shape.Columns;
        var pv = D(probs); var lv = D(labels); var dl = D(dloss); var dx = D(dlogits);
        for (var r = 0; r < probs.Shape.Rows; r++)
        {
            var label = CheckLabel(lv[r], k, r);
            for (var j = 0; j < k; j++)
                dx[r * k + j] += dl[r] * (pv[r * k + j] - (j == label ? 1f : 0f));
        }
    }

    /// <inheritdoc />
    public virtual void ArgMax(Tensor x, Tensor indices)
    {
        var k = x.Shape.Columns;
        var xv = D(x); var iv = D(indices);
        for (var r = 0; r < x.Shape.Rows; r++)
        {
            var best = 0;
            for (var j = 1; j < k; j++)
                if (xv[r * k + j] > xv[r * k + best]) best = j;
            iv[r] = best;
        }
    }

    /// <inheritdoc />
    public virtual void DropoutMask(Tensor mask, float p, uint seed)
    {
        var mv = D(mask);
        var keep = 1f / (1f - p);
        for (var i = 0; i < mv.Length; i++) mv[i] = Rng.Hash(seed, (uint)i) >= p ? keep : 0f;
    }

    /// <inheritdoc />
    public virtual void ClipByNorm(Tensor x, Tensor sumSquares, float maxNorm)
    {
        var norm = MathF.Sqrt(D(sumSquares)[0]);
        if (norm <= maxNorm) return;
        var s = maxNorm / norm;
        var xv = D(x);
        for (var i = 0; i < xv.Length; i++) xv[i] *= s;
    }
}
