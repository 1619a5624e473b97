using Myelin.Backends;

namespace Myelin.Nn;

/// <summary>Max pooling over square windows: (N,C,H,W) → (N,C,OH,OW).</summary>
public sealed class MaxPool2D(int size = 2, int? stride = null, int padding = 0, string? name = null) : Module(name ?? "maxpool")
{
    /// <summary>Window size.</summary>
    public int Size { get; } = size;
    /// <summary>Stride (defaults to the window size).</summary>
    public int Stride { get; } = stride ?? size;
    /// <summary>Padding.</summary>
    public int Padding { get; } = padding;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Ops.MaxPool2D(x, Size, Stride, Padding);

    /// <summary>The forward pass, with ReLU applied to the pooled values when <paramref name="relu"/> is set (one op).</summary>
    public Tensor Forward(Tensor x, bool relu) => Ops.MaxPool2D(x, Size, Stride, Padding, relu);

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => PoolShape(Name, input, Size, Stride, Padding);

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("MaxPool2D", ("name", Name), ("size", Size), ("stride", Stride), ("padding", Padding));

    internal static Shape PoolShape(string name, in Shape input, int size, int stride, int padding)
    {
        if (input.Rank != 4) throw new ArgumentException($"Layer '{name}' expects (N, C, H, W) input but got {input}.");
        var g = new Conv2DGeometry(input[0], input[1], input[2], input[3], size, size, stride, stride, padding, padding);
        g.Validate(name);
        return new Shape(input[0], input[1], g.OutHeight, g.OutWidth);
    }
}

/// <summary>Average pooling over square windows: (N,C,H,W) → (N,C,OH,OW).</summary>
public sealed class AvgPool2D(int size = 2, int? stride = null, int padding = 0, string? name = null) : Module(name ?? "avgpool")
{
    /// <summary>Window size.</summary>
    public int Size { get; } = size;
    /// <summary>Stride (defaults to the window size).</summary>
    public int Stride { get; } = stride ?? size;
    /// <summary>Padding.</summary>
    public int Padding { get; } = padding;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Ops.AvgPool2D(x, Size, Stride, Padding);

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => MaxPool2D.PoolShape(Name, input, Size, Stride, Padding);

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("AvgPool2D", ("name", Name), ("size", Size), ("stride", Stride), ("padding", Padding));
}

/// <summary>Flattens every axis after the first: (N, ...) → (N, rest). Shares memory.</summary>
public sealed class Flatten(string? name = null) : Module(name ?? "flatten")
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Ops.Flatten(x);

    /// <inheritdoc />
    public override bool DependsOnMode => false;

    /// <inheritdoc />
    public override Shape OutputShape(in Shape input) => new(input[0], input.Length / Math.Max(1, input[0]));

    /// <inheritdoc />
    public override LayerSpec Spec => LayerSpec.Of("Flatten", ("name", Name));
}
