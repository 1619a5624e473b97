using ILGPU;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Fused optimizer updates, one element per thread, grid-stride; each mirrors its
/// ReferenceBackend.Optimizers loop line by line. Absent buffers arrive as a 1-element dummy view.
/// With <see cref="HyperArgs.DryRun"/> a kernel computes the same values, stores none, and raises
/// flags[2·slot] (a gradient is not finite) or flags[2·slot + 1] (a new value would not be): every
/// thread that sees one writes the same 1, so the race is harmless.
/// </summary>
internal static class OptimizerKernels
{
    private static int First => Grid.IdxX * Group.DimX + Group.IdxX;

    private static int Step => Grid.DimX * Group.DimX;

    /// <summary>Inf or NaN, by the exponent bits (no fast-math rewrite can fold a bit test away).</summary>
    private static int NonFinite(float x) => (Interop.FloatAsInt(x) & 0x7F800000) == 0x7F800000 ? 1 : 0;

    private static void Report(ArrayView<float> flags, int gradientBad, int valueBad, HyperArgs h)
    {
        if (gradientBad != 0) flags[2 * h.Slot] = 1f;
        if (valueBad != 0) flags[2 * h.Slot + 1] = 1f;
    }

    public static void Sgd(ArrayView<float> p, ArrayView<float> g, ArrayView<float> v, ArrayView<float> flags, int n, HyperArgs h)
    {
        int gradientBad = 0, valueBad = 0;
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var vi = 0f;
            if (h.HasBuffer != 0)
            {
                vi = h.Momentum * v[i] + grad;
                grad = h.Nesterov != 0 ? grad + h.Momentum * vi : vi;
            }
            var pi = p[i] - h.LearningRate * grad;
            if (h.DryRun != 0)
            {
                gradientBad |= NonFinite(g[i]);
                valueBad |= NonFinite(pi) | NonFinite(vi);
                continue;
            }
            if (h.HasBuffer != 0) v[i] = vi;
            p[i] = pi;
        }
        Report(flags, gradientBad, valueBad, h);
    }

    public static void Adam(ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, ArrayView<float> flags, int n, HyperArgs h)
    {
        float step = h.LearningRate / h.Correction1, scale2 = 1f / MathF.Sqrt(h.Correction2);
        int gradientBad = 0, valueBad = 0;
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i];
            var pi = p[i];
            if (h.Decoupled != 0) pi -= h.LearningRate * h.WeightDecay * pi;
            else grad += h.WeightDecay * pi;
            var mi = h.Beta1 * m[i] + (1f - h.Beta1) * grad;
            var vi = h.Beta2 * v[i] + (1f - h.Beta2) * grad * grad;
            pi -= step * mi / (MathF.Sqrt(vi) * scale2 + h.Epsilon);
            if (h.DryRun != 0)
            {
                gradientBad |= NonFinite(g[i]);
                valueBad |= NonFinite(pi) | NonFinite(mi) | NonFinite(vi);
                continue;
            }
            m[i] = mi; v[i] = vi; p[i] = pi;
        }
        Report(flags, gradientBad, valueBad, h);
    }

    public static void Adagrad(ArrayView<float> p, ArrayView<float> g, ArrayView<float> s, ArrayView<float> flags, int n, HyperArgs h)
    {
        int gradientBad = 0, valueBad = 0;
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var si = s[i] + grad * grad;
            var pi = p[i] - h.LearningRate * grad / (MathF.Sqrt(si) + h.Epsilon);
            if (h.DryRun != 0)
            {
                gradientBad |= NonFinite(g[i]);
                valueBad |= NonFinite(pi) | NonFinite(si);
                continue;
            }
            s[i] = si; p[i] = pi;
        }
        Report(flags, gradientBad, valueBad, h);
    }

    public static void RmsProp(ArrayView<float> p, ArrayView<float> g, ArrayView<float> s, ArrayView<float> b, ArrayView<float> flags, int n, HyperArgs h)
    {
        int gradientBad = 0, valueBad = 0;
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            var si = h.Beta2 * s[i] + (1f - h.Beta2) * grad * grad;
            var step = grad / (MathF.Sqrt(si) + h.Epsilon);
            var bi = 0f;
            if (h.HasBuffer != 0)
            {
                bi = h.Momentum * b[i] + step;
                step = bi;
            }
            var pi = p[i] - h.LearningRate * step;
            if (h.DryRun != 0)
            {
                gradientBad |= NonFinite(g[i]);
                valueBad |= NonFinite(pi) | NonFinite(si) | NonFinite(bi);
                continue;
            }
            s[i] = si; p[i] = pi;
            if (h.HasBuffer != 0) b[i] = bi;
        }
        Report(flags, gradientBad, valueBad, h);
    }
}
