using Myelin.Autograd;
using Myelin.Backends;

namespace Myelin;

public static partial class Ops
{
    /// <summary>y = f(x; alpha) element-wise; d/dx from <see cref="Scalar.Derivative"/>.</summary>
    public static Tensor Unary(Tensor x, UnaryKind kind, float alpha = 0f)
    {
        var node = Record<UnaryNode>(x);
        var y = node.MakeOutput(x.Backend, x.Shape);
        x.Backend.Unary(kind, x, y, alpha);
        node.X = x; node.Kind = kind; node.Alpha = alpha;
        return y;
    }

    /// <summary>max(0, x).</summary>
    public static Tensor Relu(Tensor x) => Unary(x, UnaryKind.Relu);
    /// <summary>x for x &gt; 0, alpha·x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, float alpha = 0.01f) => Unary(x, UnaryKind.LeakyRelu, alpha);
    /// <summary>x for x &gt; 0, alpha·(eˣ−1) otherwise.</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f) => Unary(x, UnaryKind.Elu, alpha);
    /// <summary>1/(1+e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(x, UnaryKind.Sigmoid);
    /// <summary>tanh(x).</summary>
    public static Tensor Tanh(Tensor x) => Unary(x, UnaryKind.Tanh);
    /// <summary>x·sigmoid(x) (SiLU).</summary>
    public static Tensor Swish(Tensor x) => Unary(x, UnaryKind.Swish);
    /// <summary>GELU (tanh approximation).</summary>
    public static Tensor Gelu(Tensor x) => Unary(x, UnaryKind.Gelu);
    /// <summary>ln(1+eˣ).</summary>
    public static Tensor Softplus(Tensor x) => Unary(x, UnaryKind.Softplus);
    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x) => Unary(x, UnaryKind.Exp);
    /// <summary>ln x.</summary>
    public static Tensor Log(Tensor x) => Unary(x, UnaryKind.Log);
    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x) => Unary(x, UnaryKind.Sqrt);
    /// <summary>x².</summary>
    public static Tensor Square(Tensor x) => Unary(x, UnaryKind.Square);
    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x) => Unary(x, UnaryKind.Abs);
    /// <summary>−x.</summary>
    public static Tensor Negate(Tensor x) => Unary(x, UnaryKind.Negate);
    /// <summary>s·x.</summary>
    public static Tensor Scale(Tensor x, float s) => Unary(x, UnaryKind.Scale, s);
    /// <summary>x + s.</summary>
    public static Tensor AddScalar(Tensor x, float s) => Unary(x, UnaryKind.AddScalar, s);
    /// <summary>xᵖ.</summary>
    public static Tensor Pow(Tensor x, float p) => Unary(x, UnaryKind.Pow, p);
    /// <summary>sin x.</summary>
    public static Tensor Sin(Tensor x) => Unary(x, UnaryKind.Sin);

    private sealed class UnaryNode : Node
    {
        public Tensor X = null!;
        public UnaryKind Kind;
        public float Alpha;

        public override string OpName => Kind.ToString();

        // dx += dy · f'(x)
        public override void Backward()
        {
            if (!Needs(X)) return;
            var dx = X.GradToWrite(out var overwrite);
            X.Backend.UnaryBackward(Kind, X, Output!, Output!.Grad!, dx, Alpha, overwrite);
        }
    }
}
