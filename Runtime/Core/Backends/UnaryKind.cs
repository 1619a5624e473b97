namespace Myelin.Backends;

/// <summary>
/// Element-wise functions y = f(x; alpha). Activations live here too, so every backend implements
/// each function and its derivative once and layers never hand-write gradients.
/// </summary>
public enum UnaryKind
{
    /// <summary>y = x (no activation).</summary>
    Identity,
    /// <summary>y = -x.</summary>
    Negate,
    /// <summary>y = alpha·x (alpha is the scale).</summary>
    Scale,
    /// <summary>y = exp(x).</summary>
    Exp,
    /// <summary>y = ln(x).</summary>
    Log,
    /// <summary>y = √x.</summary>
    Sqrt,
    /// <summary>y = x².</summary>
    Square,
    /// <summary>y = |x|.</summary>
    Abs,
    /// <summary>y = 1/x.</summary>
    Reciprocal,
    /// <summary>y = sin(x).</summary>
    Sin,
    /// <summary>y = cos(x).</summary>
    Cos,
    /// <summary>y = 1/(1+e^-x).</summary>
    Sigmoid,
    /// <summary>y = tanh(x).</summary>
    Tanh,
    /// <summary>y = max(0, x).</summary>
    Relu,
    /// <summary>y = x for x &gt; 0, alpha·x otherwise.</summary>
    LeakyRelu,
    /// <summary>y = x for x &gt; 0, alpha·(e^x − 1) otherwise.</summary>
    Elu,
    /// <summary>Swish/SiLU: y = x·sigmoid(x).</summary>
    Swish,
    /// <summary>GELU, tanh approximation: 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    Gelu,
    /// <summary>y = ln(1 + e^x), computed stably.</summary>
    Softplus,
    /// <summary>y = x + alpha (alpha is the added constant).</summary>
    AddScalar,
    /// <summary>y = x^alpha (x &gt; 0 for non-integer alpha).</summary>
    Pow,
    /// <summary>y = sign(x) ∈ {-1, 0, 1}; derivative 0.</summary>
    Sign,
}
