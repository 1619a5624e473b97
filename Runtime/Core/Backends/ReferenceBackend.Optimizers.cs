namespace Myelin.Backends;

public partial class ReferenceBackend
{
    /// <inheritdoc />
    public virtual void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h, UpdateCheck check = default)
    {
        var p = D(parameter); var g = D(gradient);
        var v = velocity is null ? default : D(velocity);
        bool gradientBad = false, valueBad = false;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var vi = 0f;
            if (velocity is not null)
            {
                vi = h.Momentum * v[i] + grad;
                grad = h.Nesterov ? grad + h.Momentum * vi : vi;
            }
            var pi = p[i] - h.LearningRate * grad;
            if (check.IsDryRun)
            {
                gradientBad |= !float.IsFinite(g[i]);
                valueBad |= !float.IsFinite(pi) || !float.IsFinite(vi);
                continue;
            }
            if (velocity is not null) v[i] = vi;
            p[i] = pi;
        }
        Report(check, gradientBad, valueBad);
    }

    /// <inheritdoc />
    public virtual void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h, UpdateCheck check = default)
    {
        var p = D(parameter); var g = D(gradient); var mv = D(m); var vv = D(v);
        var c1 = 1f - MathF.Pow(h.Beta1, h.Step);
        var c2 = 1f - MathF.Pow(h.Beta2, h.Step);
        // p −= (lr/c1)·m / (√v·(1/√c2) + ε): the bias corrections folded into two scalars (PyTorch folds
        // them the same way but divides by √c2), so an element costs one square root and one division
        float step = h.LearningRate / c1, scale2 = 1f / MathF.Sqrt(c2);
        bool gradientBad = false, valueBad = false;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i];
            var pi = p[i];
            if (h.DecoupledWeightDecay) pi -= h.LearningRate * h.WeightDecay * pi;
            else grad += h.WeightDecay * pi;
            var mi = h.Beta1 * mv[i] + (1f - h.Beta1) * grad;
            var vi = h.Beta2 * vv[i] + (1f - h.Beta2) * grad * grad;
            pi -= step * mi / (MathF.Sqrt(vi) * scale2 + h.Epsilon);
            if (check.IsDryRun)
            {
                gradientBad |= !float.IsFinite(g[i]);
                valueBad |= !float.IsFinite(pi) || !float.IsFinite(mi) || !float.IsFinite(vi);
                continue;
            }
            mv[i] = mi; vv[i] = vi; p[i] = pi;
        }
        Report(check, gradientBad, valueBad);
    }

    /// <inheritdoc />
    public virtual void AdagradUpdate(Tensor parameter, Tensor gradient, Tensor sumSquares, in OptimizerHyper h, UpdateCheck check = default)
    {
        var p = D(parameter); var g = D(gradient); var s = D(sumSquares);
        bool gradientBad = false, valueBad = false;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var si = s[i] + grad * grad;
            var pi = p[i] - h.LearningRate * grad / (MathF.Sqrt(si) + h.Epsilon);
            if (check.IsDryRun)
            {
                gradientBad |= !float.IsFinite(g[i]);
                valueBad |= !float.IsFinite(pi) || !float.IsFinite(si);
                continue;
            }
            s[i] = si; p[i] = pi;
        }
        Report(check, gradientBad, valueBad);
    }

    /// <inheritdoc />
    public virtual void RmsPropUpdate(Tensor parameter, Tensor gradient, Tensor meanSquare, Tensor? momentumBuffer, in OptimizerHyper h, UpdateCheck check = default)
    {
        var p = D(parameter); var g = D(gradient); var s = D(meanSquare);
        var b = momentumBuffer is null ? default : D(momentumBuffer);
        bool gradientBad = false, valueBad = false;
        for (var i = 0; i < p.Length; i++)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var si = h.Beta2 * s[i] + (1f - h.Beta2) * grad * grad;
            var step = grad / (MathF.Sqrt(si) + h.Epsilon);
            var bi = 0f;
            if (momentumBuffer is not null)
            {
                bi = h.Momentum * b[i] + step;
                step = bi;
            }
            var pi = p[i] - h.LearningRate * step;
            if (check.IsDryRun)
            {
                gradientBad |= !float.IsFinite(g[i]);
                valueBad |= !float.IsFinite(pi) || !float.IsFinite(si) || !float.IsFinite(bi);
                continue;
            }
            s[i] = si; p[i] = pi;
            if (momentumBuffer is not null) b[i] = bi;
        }
        Report(check, gradientBad, valueBad);
    }

    /// <summary>Raises a dry run's flags (see <see cref="UpdateCheck"/>); clear flags are left unwritten.</summary>
    protected void Report(UpdateCheck check, bool gradientBad, bool valueBad)
    {
        if (check.Flags is not { } flags) return;
        var f = D(flags);
        if (gradientBad) f[check.GradientFlag] = 1f;
        if (valueBad) f[check.ValueFlag] = 1f;
    }
}
