using Myelin.Autograd;

namespace Myelin;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);
    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);
    /// <summary>Element-wise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);
    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float s) => Ops.AddScalar(a, s);
    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, float s) => Ops.AddScalar(a, -s);
    /// <summary>Scales by a constant.</summary>
    public static Tensor operator *(Tensor a, float s) => Ops.Scale(a, s);
    /// <summary>Scales by a constant.</summary>
    public static Tensor operator *(float s, Tensor a) => Ops.Scale(a, s);
    /// <summary>Negates.</summary>
    public static Tensor operator -(Tensor a) => Ops.Negate(a);

    /// <summary>Matrix product (2-D).</summary>
    public Tensor MatMul(Tensor other) => Ops.MatMul(this, other);

    /// <summary>A view with another shape (one dimension may be -1).</summary>
    public Tensor Reshape(params ReadOnlySpan<int> dims) => Ops.Reshape(this, dims);

    /// <summary>Sum of all elements.</summary>
    public Tensor Sum() => Ops.Sum(this);

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Ops.Mean(this);

    /// <summary>Back-propagates from this one-element tensor on the current tape.</summary>
    public void Backward() => Tape.Current.Backward(this);
}
