namespace Myelin.Backends;

public partial class ReferenceBackend
{
    /// <inheritdoc />
    public virtual void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h)
    {
        var p = D(parameter); var g = D(gradient);
        var v = velocity is null ? default : D(velocity);
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            if (velocity is not null)
            {
                v[i] = h.Momentum * v[i] + grad;
                grad = h.Nesterov ? grad + h.Momentum * v[i] : v[i];
            }
            p[i] -= h.LearningRate * grad;
        }
    }

    /// <inheritdoc />
    public virtual void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h)
    {
        var p = D(parameter); var g = D(gradient); var mv = D(m); var vv = D(v);
        var c1 = 1f - MathF.Pow(h.Beta1, h.Step);
        var c2 = 1f - MathF.Pow(h.Beta2, h.Step);
        // p −= (lr/c1)·m / (√v·(1/√c2) + ε): the bias corrections folded into two scalars (PyTorch folds
        // them the same way but divides by √c2), so an element costs one square root and one division
        float step = h.LearningRate / c1, scale2 = 1f / MathF.Sqrt(c2);
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i];
            if (h.DecoupledWeightDecay) p[i] -= h.LearningRate * h.WeightDecay * p[i];
            else grad += h.WeightDecay * p[i];
            mv[i] = h.Beta1 * mv[i] + (1f - h.Beta1) * grad;
            vv[i] = h.Beta2 * vv[i] + (1f - h.Beta2) * grad * grad;
            p[i] -= step * mv[i] / (MathF.Sqrt(vv[i]) * scale2 + h.Epsilon);
        }
    }

    /// <inheritdoc />
    public virtual void AdagradUpdate(Tensor parameter, Tensor gradient, Tensor sumSquares, in OptimizerHyper h)
    {
        var p = D(parameter); var g = D(gradient); var s = D(sumSquares);
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            s[i] += grad * grad;
            p[i] -= h.LearningRate * grad / (MathF.Sqrt(s[i]) + h.Epsilon);
        }
    }

    /// <inheritdoc />
    public virtual void RmsPropUpdate(Tensor parameter, Tensor gradient, Tensor meanSquare, Tensor? momentumBuffer, in OptimizerHyper h)
    {
        var p = D(parameter); var g = D(gradient); var s = D(meanSquare);
        var b = momentumBuffer is null ? default : D(momentumBuffer);
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            s[i] = h.Beta2 * s[i] + (1f - h.Beta2) * grad * grad;
            var step = grad / (MathF.Sqrt(s[i]) + h.Epsilon);
            if (momentumBuffer is not null)
            {
                b[i] = h.Momentum * b[i] + step;
                step = b[i];
            }
            p[i] -= h.LearningRate * step;
        }
    }
}
