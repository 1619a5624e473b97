using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Myelin.Backends;

/// <summary>One element-wise function with a scalar and two vector paths (System.Numerics.Tensors style).</summary>
internal interface IUnaryVectorOp
{
    static abstract float Invoke(float x, float alpha);
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> alpha);
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> alpha);
}

/// <summary>f'(x) from x and y = f(x), with scalar and vector paths.</summary>
internal interface IDerivativeVectorOp
{
    static abstract float Invoke(float x, float y, float alpha);
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> alpha);
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> alpha);
}

/// <summary>a ∘ b with scalar and vector paths.</summary>
internal interface IBinaryVectorOp
{
    static abstract float Invoke(float a, float b);
    static abstract Vector512<float> Invoke(Vector512<float> a, Vector512<float> b);
    static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
}

#pragma warning disable CS1591 // internal operator structs: the formulas are Scalar's
internal readonly struct IdentityOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => x;
    public static float Invoke(float x, float y, float a) => 1f;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) => Vector512<float>.One;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) => Vector256<float>.One;
}

internal readonly struct ScaleOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => a * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => a * x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => a * x;
    public static float Invoke(float x, float y, float a) => a;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) => a;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) => a;
}

internal readonly struct AddScalarOp : IUnaryVectorOp
{
    public static float Invoke(float x, float a) => x + a;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => x + a;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => x + a;
}

internal readonly struct SquareOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => x * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => x * x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => x * x;
    public static float Invoke(float x, float y, float a) => 2f * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) => x + x;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) => x + x;
}

/// <summary>ReLU as the reference defines it: x &gt; 0 ? x : +0, so negative zeros and NaNs give +0.</summary>
internal readonly struct ReluOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => x > 0f ? x : 0f;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => x & Vector512.GreaterThan(x, Vector512<float>.Zero);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => x & Vector256.GreaterThan(x, Vector256<float>.Zero);
    public static float Invoke(float x, float y, float a) => x > 0f ? 1f : 0f;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) =>
        Vector512<float>.One & Vector512.GreaterThan(x, Vector512<float>.Zero);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) =>
        Vector256<float>.One & Vector256.GreaterThan(x, Vector256<float>.Zero);
}

/// <summary>Leaky ReLU: x &gt; 0 ? x : alpha·x; alpha carries the slope.</summary>
internal readonly struct LeakyReluOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => x > 0f ? x : a * x;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, a * x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, a * x);
    public static float Invoke(float x, float y, float a) => x > 0f ? 1f : a;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, a);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, a);
}

internal readonly struct SigmoidOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => Scalar.Sigmoid(x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) =>
        Vector512<float>.One / (Vector512<float>.One + CpuVectorMath.Exp(-x));
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) =>
        Vector256<float>.One / (Vector256<float>.One + CpuVectorMath.Exp(-x));
    public static float Invoke(float x, float y, float a) => y * (1f - y);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) => y * (Vector512<float>.One - y);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) => y * (Vector256<float>.One - y);
}

/// <summary>tanh as a rational function (<see cref="CpuVectorMath.Tanh(Vector512{float})"/>).</summary>
internal readonly struct TanhOp : IUnaryVectorOp, IDerivativeVectorOp
{
    public static float Invoke(float x, float a) => MathF.Tanh(x);
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> a) => CpuVectorMath.Tanh(x);
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> a) => CpuVectorMath.Tanh(x);
    public static float Invoke(float x, float y, float a) => 1f - y * y;
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> a) => Vector512<float>.One - y * y;
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> a) => Vector256<float>.One - y * y;
}

internal readonly struct AddOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a + b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a + b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a + b;
}

internal readonly struct SubtractOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a - b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a - b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a - b;
}

internal readonly struct MultiplyOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a * b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a * b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a * b;
}

internal readonly struct DivideOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a / b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a / b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a / b;
}

/// <summary>a ≥ b ? a : b exactly as Scalar (ties and signed zeros pick a).</summary>
internal readonly struct MaximumOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a >= b ? a : b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, b), a, b);
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a, b), a, b);
}

internal readonly struct MinimumOp : IBinaryVectorOp
{
    public static float Invoke(float a, float b) => a <= b ? a : b;
    public static Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a, b), a, b);
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a, b), a, b);
}
#pragma warning restore CS1591

/// <summary>The shared loops: Vector512, then Vector256, then a scalar tail.</summary>
internal static class CpuLoops
{
    /// <summary>y[i] = f(x[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<TOp>(ReadOnlySpan<float> x, Span<float> y, float alpha) where TOp : IUnaryVectorOp
    {
        ref var xr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        nuint i = 0, n = (nuint)y.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16) TOp.Invoke(Vector512.LoadUnsafe(ref xr, i), va).StoreUnsafe(ref yr, i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8) TOp.Invoke(Vector256.LoadUnsafe(ref xr, i), va).StoreUnsafe(ref yr, i);
            if (i < n)
            {
                // The tail runs the vector formula too (zero-padded): tanh/sigmoid's vector and scalar
                // formulas differ in the last bit, and an element's value must not depend on where
                // it sits (a fused Dense row of 6 vs the same values inside a longer tensor).
                var rest = (int)(n - i);
                Span<float> lanes = stackalloc float[8];
                x.Slice((int)i, rest).CopyTo(lanes);
                lanes[rest..].Clear();
                TOp.Invoke(Vector256.Create<float>(lanes), va).CopyTo(lanes);
                lanes[..rest].CopyTo(y.Slice((int)i, rest));
                return;
            }
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), alpha);
    }

    /// <summary>dx[i] += dy[i]·f'(x[i], y[i]), or with <paramref name="overwrite"/> dx[i] = dy[i]·f'(x[i], y[i]) (dx not read).</summary>
    public static void MapBackward<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, float alpha, bool overwrite = false)
        where TOp : IDerivativeVectorOp
    {
        var n = dx.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16)
            {
                var d = Vector512.Create(dy.Slice(i, 16)) * TOp.Invoke(Vector512.Create(x.Slice(i, 16)), Vector512.Create(y.Slice(i, 16)), va);
                (overwrite ? d : Vector512.Create(dx.Slice(i, 16)) + d).CopyTo(dx.Slice(i, 16));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
            {
                var d = Vector256.Create(dy.Slice(i, 8)) * TOp.Invoke(Vector256.Create(x.Slice(i, 8)), Vector256.Create(y.Slice(i, 8)), va);
                (overwrite ? d : Vector256.Create(dx.Slice(i, 8)) + d).CopyTo(dx.Slice(i, 8));
            }
        }
        for (; i < n; i++)
        {
            var d = dy[i] * TOp.Invoke(x[i], y[i], alpha);
            dx[i] = overwrite ? d : dx[i] + d;
        }
    }

    /// <summary>y[i] = a[i] ∘ b[i]; a stride of 0 broadcasts that operand's first element.</summary>
    public static void Zip<TOp>(ReadOnlySpan<float> a, bool aScalar, ReadOnlySpan<float> b, bool bScalar, Span<float> y) where TOp : IBinaryVectorOp
    {
        var n = y.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sa = Vector512.Create(a[0]); var sb = Vector512.Create(b[0]);
            for (; i + 16 <= n; i += 16)
                TOp.Invoke(aScalar ? sa : Vector512.Create(a.Slice(i, 16)), bScalar ? sb : Vector512.Create(b.Slice(i, 16))).CopyTo(y.Slice(i, 16));
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var sa = Vector256.Create(a[0]); var sb = Vector256.Create(b[0]);
            for (; i + 8 <= n; i += 8)
                TOp.Invoke(aScalar ? sa : Vector256.Create(a.Slice(i, 8)), bScalar ? sb : Vector256.Create(b.Slice(i, 8))).CopyTo(y.Slice(i, 8));
        }
        for (; i < n; i++) y[i] = TOp.Invoke(a[aScalar ? 0 : i], b[bScalar ? 0 : i]);
    }
}
