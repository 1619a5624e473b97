using Myelin.Backends;

namespace Myelin;

public sealed partial class Tensor
{
    /// <summary>The backend factories use when none is given. Cpu unless changed.</summary>
    public static IBackend DefaultBackend { get; set; } = CpuBackend.Instance;

    /// <summary>A tensor of zeros on <paramref name="backend"/> (default backend when null).</summary>
    public static Tensor Zeros(in Shape shape, IBackend? backend = null)
    {
        var b = backend ?? DefaultBackend;
        return new Tensor(b.Allocate(shape.Length), shape);
    }

    /// <summary>
    /// The scratch tensor kept in <paramref name="slot"/>, resized to <paramref name="shape"/>; a new one of
    /// zeros when the slot is empty or on another backend. Ops and workspaces keep their buffers this way
    /// so a steady step allocates nothing.
    /// </summary>
    internal static Tensor Reuse(ref Tensor? slot, IBackend backend, in Shape shape)
    {
        if (slot is null || slot.Backend != backend) slot = Zeros(shape, backend);
        else slot.Resize(shape);
        return slot;
    }

    /// <summary>A tensor of zeros with the given dimensions on the default backend.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> dims) => Zeros(new Shape(dims));

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(in Shape shape, IBackend? backend = null) => Full(shape, 1f, backend);

    /// <summary>A tensor of ones with the given dimensions on the default backend.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> dims) => Full(new Shape(dims), 1f);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(in Shape shape, float value, IBackend? backend = null)
    {
        var t = Zeros(shape, backend);
        if (value != 0f) t.Backend.Fill(t, value);
        return t;
    }

    /// <summary>0, 1, …, n−1 as a vector.</summary>
    public static Tensor Arange(int n, IBackend? backend = null)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++) values[i] = i;
        return FromArray(values, new Shape(n), backend);
    }

    /// <summary>Normal samples (mean, std) from a seeded generator.</summary>
    public static Tensor RandomNormal(in Shape shape, Rng rng, float mean = 0f, float std = 1f, IBackend? backend = null)
    {
        var values = new float[shape.Length];
        for (var i = 0; i < values.Length; i++) values[i] = rng.Normal(mean, std);
        return FromArray(values, shape, backend);
    }

    /// <summary>Uniform samples in [low, high) from a seeded generator.</summary>
    public static Tensor RandomUniform(in Shape shape, Rng rng, float low = 0f, float high = 1f, IBackend? backend = null)
    {
        var values = new float[shape.Length];
        for (var i = 0; i < values.Length; i++) values[i] = rng.Uniform(low, high);
        return FromArray(values, shape, backend);
    }

    /// <summary>Copies <paramref name="values"/> into a new tensor of the given shape.</summary>
    /// <exception cref="ArgumentException">The value count does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, in Shape shape, IBackend? backend = null)
    {
        if (values.Length != shape.Length)
            throw new ArgumentException($"{values.Length} values cannot fill shape {shape} ({shape.Length} elements).", nameof(values));
        var t = Zeros(shape, backend);
        t.Backend.Upload(values, t);
        return t;
    }

    /// <summary>Copies <paramref name="values"/> into a new tensor with the given dimensions (default backend).</summary>
    public static Tensor FromArray(float[] values, params ReadOnlySpan<int> dims) => FromArray(values, new Shape(dims));

    /// <summary>Copies a 2-D array into an (rows, columns) tensor.</summary>
    public static Tensor FromArray(float[,] values, IBackend? backend = null)
    {
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var flat = new float[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) flat[r * cols + c] = values[r, c];
        return FromArray(flat, new Shape(rows, cols), backend);
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    public static Tensor Scalar(float value, IBackend? backend = null) => FromArray([value], new Shape(), backend);

    /// <summary>A new tensor with a copy of these elements on another backend.</summary>
    public Tensor To(IBackend backend)
    {
        var t = Zeros(Shape, backend);
        if (IsHost) backend.Upload(Span, t);
        else backend.Upload(ToArray(), t);
        t.Name = Name;
        t.RequiresGrad = RequiresGrad;
        return t;
    }

    /// <summary>A detached copy (same backend, no gradient history).</summary>
    public Tensor Clone()
    {
        var t = Zeros(Shape, Backend);
        Backend.Axpby(1f, this, 0f, t);
        t.Name = Name;
        return t;
    }
}
