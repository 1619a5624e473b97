using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>
/// 2-D convolution: x:(N,C,H,W) → (N,O,OH,OW) with square kernels, stride and zero padding.
/// Runs as im2col plus one matmul on the backend's fastest GEMM.
/// </summary>
public sealed class Conv2D : Module
{
    /// <summary>Creates the layer; weights He-initialised unless told otherwise.</summary>
    public Conv2D(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, bool bias = true, Init init = Init.HeNormal, string? name = null, IBackend? backend = null)
        : base(name ?? "conv")
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"Conv2D needs positive channels/kernel/stride and non-negative padding; got {inChannels}→{outChannels}, k{kernel} s{stride} p{padding}.");
        InChannels = inChannels; OutChannels = outChannels; Kernel = kernel; Stride = stride; Padding = padding; InitScheme = init;
        Weight = NewParameter("weight", new Shape(outChannels, inChannels, kernel, kernel), backend);
        Bias = bias ? NewParameter("bias", new Shape(outChannels), backend) : null;
        Initialize(new Rng(0));
    }

    /// <summary>Input channels C.</summary>
    public int InChannels { get; }
    /// <summary>Output channels O.</summary>
    public int OutChannels { get; }
    /// <summary>Kernel size K (K×K).</summary>
    public int Kernel { get; }
    /// <summary>Stride.</summary>
    public int Stride { get; }
    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }
    /// <summary>Init scheme of the weights.</summary>
    public Init InitScheme { get; }
    /// <summary>W:(O,C,K,K).</summary>
    public Tensor Weight { get; }
    /// <summary>b:(O) or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    protected override IEnumerable<Tensor> OwnParameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <inheritdoc />
    public override void Initialize(Rng rng)
    {
        var fanIn = InChannels * Kernel * Kernel;
        Initializers.Fill(Weight, InitScheme, fanIn, OutChannels * Kernel * Kernel, rng);
        if (Bias is not null) Initializers.Constant(Bias, 0f);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Layer '{Name}' expects input (N, {InChannels}, H, W) but got {x.Shape}.");
        return Ops.Conv2D(x, Weight, Bias, Stride, Padding, Name);
    }

    /// <summary>
    /// The forward pass followed by ReLU (when <paramref name="relu"/> is set) and 2×2, stride-2 max
    /// pooling, as one op (<see cref="Ops.Conv2DPooled"/>); the output's height and width must be even.
    /// </summary>
    public Tensor ForwardPooled(Tensor x, bool relu)
    {
        if (x.Rank != 4 || x.Shape[1] != InChannels)
            throw new ArgumentException($"Layer '{Name}' expects input (N, {InChannels}, H, W) but got {x.Shape}.");
        return Ops.Conv2DPooled(x, Weight, Bias, Stride, Padding, relu, Name);
    }

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input)
    {
        if (input.Rank != 4 || input[1] != InChannels)
            throw new ArgumentException($"Layer '{Name}' expects input (N, {InChannels}, H, W) but got {input}.");
        var g = new Conv2DGeometry(input[0], InChannels, input[2], input[3], Kernel, Kernel, Stride, Stride, Padding, Padding);
        g.Validate(Name);
        return new Shape(input[0], OutChannels, g.OutHeight, g.OutWidth);
    }

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Conv2D", ("name", Name), ("in", InChannels), ("out", OutChannels),
        ("kernel", Kernel), ("stride", Stride), ("padding", Padding), ("bias", Bias is not null), ("init", InitScheme));
}
