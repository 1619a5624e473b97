namespace Myelin.Nn;

/// <summary>How a weight tensor is initialised from its fan-in and fan-out.</summary>
public enum Init
{
    /// <summary>Glorot/Xavier uniform: U(±√(6/(fanIn+fanOut))). Good for sigmoid and tanh.</summary>
    XavierUniform,
    /// <summary>Glorot/Xavier normal: N(0, √(2/(fanIn+fanOut))).</summary>
    XavierNormal,
    /// <summary>He/Kaiming uniform: U(±√(6/fanIn)). Good for ReLU family.</summary>
    HeUniform,
    /// <summary>He/Kaiming normal: N(0, √(2/fanIn)).</summary>
    HeNormal,
    /// <summary>Standard normal N(0, 1) — the classic tutorial init (large; can saturate).</summary>
    StandardNormal,
    /// <summary>All zeros (breaks symmetry only for biases).</summary>
    Zeros,
}

/// <summary>Fills tensors according to an <see cref="Init"/> scheme.</summary>
public static class Initializers
{
    /// <summary>Fills <paramref name="t"/> with samples drawn from <paramref name="rng"/>.</summary>
    public static void Fill(Tensor t, Init scheme, int fanIn, int fanOut, Rng rng)
    {
        var values = new float[t.Length];
        switch (scheme)
        {
            case Init.XavierUniform: Uniform(values, MathF.Sqrt(6f / (fanIn + fanOut)), rng); break;
            case Init.XavierNormal: Normal(values, MathF.Sqrt(2f / (fanIn + fanOut)), rng); break;
            case Init.HeUniform: Uniform(values, MathF.Sqrt(6f / fanIn), rng); break;
            case Init.HeNormal: Normal(values, MathF.Sqrt(2f / fanIn), rng); break;
            case Init.StandardNormal: Normal(values, 1f, rng); break;
            case Init.Zeros: break;
            default: throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialiser.");
        }
        t.CopyFrom(values);
    }

    /// <summary>Fills with a constant.</summary>
    public static void Constant(Tensor t, float value) => t.Backend.Fill(t, value);

    private static void Uniform(Span<float> v, float limit, Rng rng)
    {
        for (var i = 0; i < v.Length; i++) v[i] = rng.Uniform(-limit, limit);
    }

    private static void Normal(Span<float> v, float std, Rng rng)
    {
        for (var i = 0; i < v.Length; i++) v[i] = rng.Normal(0f, std);
    }

    /// <summary>The recommended init for an activation: He for the ReLU family, Xavier otherwise.</summary>
    public static Init For(Backends.UnaryKind activation) => activation switch
    {
        Backends.UnaryKind.Relu or Backends.UnaryKind.LeakyRelu or Backends.UnaryKind.Elu
            or Backends.UnaryKind.Swish or Backends.UnaryKind.Gelu => Init.HeNormal,
        _ => Init.XavierUniform,
    };
}
