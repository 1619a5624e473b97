using ILGPU;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// Fused optimizer updates, one element per thread, grid-stride; each mirrors its
/// ReferenceBackend.Optimizers loop line by line. Absent buffers arrive as a 1-element dummy view.
/// </summary>
internal static class OptimizerKernels
{
    private static int First => Grid.IdxX * Group.DimX + Group.IdxX;

    private static int Step => Grid.DimX * Group.DimX;

    public static void Sgd(ArrayView<float> p, ArrayView<float> g, ArrayView<float> v, int n, HyperArgs h)
    {
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            if (h.HasBuffer != 0)
            {
                v[i] = h.Momentum * v[i] + grad;
                grad = h.Nesterov != 0 ? grad + h.Momentum * v[i] : v[i];
            }
            p[i] -= h.LearningRate * grad;
        }
    }

    public static void Adam(ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, int n, HyperArgs h)
    {
        float step = h.LearningRate / h.Correction1, scale2 = 1f / MathF.Sqrt(h.Correction2);
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i];
            if (h.Decoupled != 0) p[i] -= h.LearningRate * h.WeightDecay * p[i];
            else grad += h.WeightDecay * p[i];
            m[i] = h.Beta1 * m[i] + (1f - h.Beta1) * grad;
            v[i] = h.Beta2 * v[i] + (1f - h.Beta2) * grad * grad;
            p[i] -= step * m[i] / (MathF.Sqrt(v[i]) * scale2 + h.Epsilon);
        }
    }

    public static void Adagrad(ArrayView<float> p, ArrayView<float> g, ArrayView<float> s, int n, HyperArgs h)
    {
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            s[i] += grad * grad;
            p[i] -= h.LearningRate * grad / (MathF.Sqrt(s[i]) + h.Epsilon);
        }
    }

    public static void RmsProp(ArrayView<float> p, ArrayView<float> g, ArrayView<float> s, ArrayView<float> b, int n, HyperArgs h)
    {
        for (var i = First; i < n; i += Step)
        {
            var grad = g[i] + h.WeightDecay * p[i];
            s[i] = h.Beta2 * s[i] + (1f - h.Beta2) * grad * grad;
            var step = grad / (MathF.Sqrt(s[i]) + h.Epsilon);
            if (h.HasBuffer != 0)
            {
                b[i] = h.Momentum * b[i] + step;
                step = b[i];
            }
            p[i] -= h.LearningRate * step;
        }
    }
}
