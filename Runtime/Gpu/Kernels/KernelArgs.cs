using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>Broadcast binary op: y dims and the strides of a and b seen through them (0 on stretched axes).</summary>
internal struct BroadcastArgs
{
    public Int6 Dims, StrideA, StrideB;
    public int Rank;
}

/// <summary>SumTo: x axes split into kept (one output each) and reduced (summed) ones, with x strides.</summary>
internal struct ReduceArgs
{
    public Int6 KeptDims, KeptStrides, ReducedDims, ReducedStrides;
    public int KeptRank, ReducedRank, Outputs, Reduced;
    public float Alpha, Beta;
}

/// <summary>Permute: y dims and, per y axis, the x stride of the axis it reads.</summary>
internal struct PermuteArgs
{
    public Int6 Dims, SourceStrides;
    public int Rank;
}

/// <summary>c = act(alpha·op(a)·op(b) + beta·c + bias). Flags are ints: kernels take no bools.</summary>
internal struct GemmArgs
{
    public int M, N, K, TransA, TransB, HasBias;
    /// <summary>Split-K: the grid's z index sums k in [z·KPerSplit, (z+1)·KPerSplit); Splits = 1 finishes in place.</summary>
    public int KPerSplit, Splits;
    public float Alpha, Beta, ActivationAlpha;
    public UnaryKind Activation;
}

/// <summary>A Conv2DGeometry flattened to fields, with the output size precomputed.</summary>
internal struct WindowArgs
{
    public int N, C, H, W, KH, KW, SH, SW, PH, PW, OH, OW;
    public float Scale;

    public static WindowArgs From(in Conv2DGeometry g) => new()
    {
        N = g.Batch, C = g.Channels, H = g.Height, W = g.Width, KH = g.KernelH, KW = g.KernelW,
        SH = g.StrideH, SW = g.StrideW, PH = g.PadH, PW = g.PadW, OH = g.OutHeight, OW = g.OutWidth,
        Scale = 1f / (g.KernelH * g.KernelW),
    };
}

/// <summary>Optimizer hyper-parameters with Adam's bias corrections precomputed on the host.</summary>
internal struct HyperArgs
{
    public float LearningRate, Momentum, Beta1, Beta2, Epsilon, WeightDecay, Correction1, Correction2;
    public int Nesterov, Decoupled, HasBuffer, DryRun, Slot;

    public static HyperArgs From(in OptimizerHyper h, bool hasBuffer, UpdateCheck check) => new()
    {
        DryRun = check.IsDryRun ? 1 : 0, Slot = check.Slot,
        LearningRate = h.LearningRate, Momentum = h.Momentum, Beta1 = h.Beta1, Beta2 = h.Beta2,
        Epsilon = h.Epsilon, WeightDecay = h.WeightDecay,
        // The same host expressions as the reference, so the corrections match bit for bit.
        Correction1 = 1f - MathF.Pow(h.Beta1, h.Step), Correction2 = 1f - MathF.Pow(h.Beta2, h.Step),
        Nesterov = h.Nesterov ? 1 : 0, Decoupled = h.DecoupledWeightDecay ? 1 : 0, HasBuffer = hasBuffer ? 1 : 0,
    };
}
