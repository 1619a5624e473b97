using System.Runtime.CompilerServices;

namespace Myelin.Backends;

/// <summary>
/// The scalar definition of every element-wise function and its derivative: the one place the
/// maths lives on the host. GPU kernels mirror these formulas and are tested against them.
/// </summary>
public static class Scalar
{
    private const float GeluC = 0.7978845608f; // √(2/π)
    private const float GeluA = 0.044715f;

    /// <summary>f(x; alpha).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Forward(UnaryKind kind, float x, float alpha) => kind switch
    {
        UnaryKind.Identity => x,
        UnaryKind.Negate => -x,
        UnaryKind.Scale => alpha * x,
        UnaryKind.Exp => MathF.Exp(x),
        UnaryKind.Log => MathF.Log(x),
        UnaryKind.Sqrt => MathF.Sqrt(x),
        UnaryKind.Square => x * x,
        UnaryKind.Abs => MathF.Abs(x),
        UnaryKind.Reciprocal => 1f / x,
        UnaryKind.Sin => MathF.Sin(x),
        UnaryKind.Cos => MathF.Cos(x),
        UnaryKind.Sigmoid => Sigmoid(x),
        UnaryKind.Tanh => MathF.Tanh(x),
        UnaryKind.Relu => x > 0f ? x : 0f,
        UnaryKind.LeakyRelu => x > 0f ? x : alpha * x,
        UnaryKind.Elu => x > 0f ? x : alpha * (MathF.Exp(x) - 1f),
        UnaryKind.Swish => x * Sigmoid(x),
        UnaryKind.Gelu => 0.5f * x * (1f + MathF.Tanh(GeluC * (x + GeluA * x * x * x))),
        UnaryKind.Softplus => x > 0f ? x + MathF.Log(1f + MathF.Exp(-x)) : MathF.Log(1f + MathF.Exp(x)),
        UnaryKind.AddScalar => x + alpha,
        UnaryKind.Pow => MathF.Pow(x, alpha),
        UnaryKind.Sign => x > 0f ? 1f : x < 0f ? -1f : 0f,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary function."),
    };

    /// <summary>f'(x) given x and y = f(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Derivative(UnaryKind kind, float x, float y, float alpha)
    {
        switch (kind)
        {
            case UnaryKind.Identity: return 1f;
            case UnaryKind.Negate: return -1f;
            case UnaryKind.Scale: return alpha;
            case UnaryKind.Exp: return y;
            case UnaryKind.Log: return 1f / x;
            case UnaryKind.Sqrt: return 0.5f / y;
            case UnaryKind.Square: return 2f * x;
            case UnaryKind.Abs: return x > 0f ? 1f : x < 0f ? -1f : 0f;
            case UnaryKind.Reciprocal: return -y * y;
            case UnaryKind.Sin: return MathF.Cos(x);
            case UnaryKind.Cos: return -MathF.Sin(x);
            case UnaryKind.Sigmoid: return y * (1f - y);
            case UnaryKind.Tanh: return 1f - y * y;
            case UnaryKind.Relu: return x > 0f ? 1f : 0f;
            case UnaryKind.LeakyRelu: return x > 0f ? 1f : alpha;
            case UnaryKind.Elu: return x > 0f ? 1f : y + alpha;
            case UnaryKind.Swish:
            {
                var s = Sigmoid(x);
                return s + x * s * (1f - s);
            }
            case UnaryKind.Gelu:
            {
                var u = GeluC * (x + GeluA * x * x * x);
                var t = MathF.Tanh(u);
                return 0.5f * (1f + t) + 0.5f * x * (1f - t * t) * GeluC * (1f + 3f * GeluA * x * x);
            }
            case UnaryKind.Softplus: return Sigmoid(x);
            case UnaryKind.AddScalar: return 1f;
            case UnaryKind.Pow: return alpha * MathF.Pow(x, alpha - 1f);
            case UnaryKind.Sign: return 0f;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unary function.");
        }
    }

    /// <summary>a ∘ b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Binary(BinaryKind kind, float a, float b) => kind switch
    {
        BinaryKind.Add => a + b,
        BinaryKind.Subtract => a - b,
        BinaryKind.Multiply => a * b,
        BinaryKind.Divide => a / b,
        BinaryKind.Maximum => a >= b ? a : b,
        BinaryKind.Minimum => a <= b ? a : b,
        BinaryKind.GreaterEqual => a >= b ? 1f : 0f,
        BinaryKind.Equal => a == b ? 1f : 0f,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown binary function."),
    };

    /// <summary>1/(1+e^-x), computed without overflow for large |x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        if (x >= 0f) return 1f / (1f + MathF.Exp(-x));
        var e = MathF.Exp(x);
        return e / (1f + e);
    }
}
