using Myelin.Backends;

namespace Myelin.Gpu.Kernels;

/// <summary>
/// The kernel twin of <see cref="Scalar"/>: the same formulas line by line (stable sigmoid and
/// softplus, GELU tanh approximation), with NaN instead of exceptions. ILGPU maps MathF to device
/// intrinsics; on the CPU accelerator it runs MathF itself, so results match the reference exactly.
/// </summary>
internal static class KernelMath
{
    private const float GeluC = 0.7978845608f; // √(2/π)
    private const float GeluA = 0.044715f;

    public static float Forward(UnaryKind kind, float x, float alpha)
    {
        switch (kind)
        {
            case UnaryKind.Identity: return x;
            case UnaryKind.Negate: return -x;
            case UnaryKind.Scale: return alpha * x;
            case UnaryKind.Exp: return MathF.Exp(x);
            case UnaryKind.Log: return MathF.Log(x);
            case UnaryKind.Sqrt: return MathF.Sqrt(x);
            case UnaryKind.Square: return x * x;
            case UnaryKind.Abs: return MathF.Abs(x);
            case UnaryKind.Reciprocal: return 1f / x;
            case UnaryKind.Sin: return MathF.Sin(x);
            case UnaryKind.Cos: return MathF.Cos(x);
            case UnaryKind.Sigmoid: return Sigmoid(x);
            case UnaryKind.Tanh: return MathF.Tanh(x);
            case UnaryKind.Relu: return x > 0f ? x : 0f;
            case UnaryKind.LeakyRelu: return x > 0f ? x : alpha * x;
            case UnaryKind.Elu: return x > 0f ? x : alpha * (MathF.Exp(x) - 1f);
            case UnaryKind.Swish: return x * Sigmoid(x);
            case UnaryKind.Gelu: return 0.5f * x * (1f + MathF.Tanh(GeluC * (x + GeluA * x * x * x)));
            case UnaryKind.Softplus: return x > 0f ? x + MathF.Log(1f + MathF.Exp(-x)) : MathF.Log(1f + MathF.Exp(x));
            case UnaryKind.AddScalar: return x + alpha;
            case UnaryKind.Pow: return MathF.Pow(x, alpha);
            case UnaryKind.Sign: return x > 0f ? 1f : x < 0f ? -1f : 0f;
            default: return float.NaN;
        }
    }

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
            default: return float.NaN;
        }
    }

    public static float Binary(BinaryKind kind, float a, float b)
    {
        switch (kind)
        {
            case BinaryKind.Add: return a + b;
            case BinaryKind.Subtract: return a - b;
            case BinaryKind.Multiply: return a * b;
            case BinaryKind.Divide: return a / b;
            case BinaryKind.Maximum: return a >= b ? a : b;
            case BinaryKind.Minimum: return a <= b ? a : b;
            case BinaryKind.GreaterEqual: return a >= b ? 1f : 0f;
            case BinaryKind.Equal: return a == b ? 1f : 0f;
            default: return float.NaN;
        }
    }

    /// <summary>1/(1+e^-x) without overflow for large |x|.</summary>
    public static float Sigmoid(float x)
    {
        if (x >= 0f) return 1f / (1f + MathF.Exp(-x));
        var e = MathF.Exp(x);
        return e / (1f + e);
    }

    /// <summary>The 32-bit hash of <see cref="Rng.Hash"/>, uint arithmetic only.</summary>
    public static float Hash(uint seed, uint index)
    {
        var x = index * 0x9E3779B9u ^ seed;
        x ^= x >> 16; x *= 0x7FEB352Du;
        x ^= x >> 15; x *= 0x846CA68Bu;
        x ^= x >> 16;
        return (x >> 8) * (1.0f / (1 << 24));
    }

    /// <summary>A float class label as an index, or -1 when it is not an integer in 0..classes-1.</summary>
    public static int Label(float label, int classes)
    {
        var l = (int)label;
        return l == label && l >= 0 && l < classes ? l : -1;
    }
}
