using Myelin.Backends;
using NUnit.Framework;

namespace Myelin.Tests.Core.Backends;

/// <summary>
/// Scalar.Forward against double-precision formulas, and Scalar.Derivative against central finite
/// differences of those formulas (h = 1e-5 in double: truncation and rounding both far below 1e-6).
/// </summary>
public sealed class ScalarTests
{
    private static double F(UnaryKind kind, double x, double alpha) => kind switch
    {
        UnaryKind.Identity => x,
        UnaryKind.Negate => -x,
        UnaryKind.Scale => alpha * x,
        UnaryKind.Exp => Math.Exp(x),
        UnaryKind.Log => Math.Log(x),
        UnaryKind.Sqrt => Math.Sqrt(x),
        UnaryKind.Square => x * x,
        UnaryKind.Abs => Math.Abs(x),
        UnaryKind.Reciprocal => 1 / x,
        UnaryKind.Sin => Math.Sin(x),
        UnaryKind.Cos => Math.Cos(x),
        UnaryKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryKind.Tanh => Math.Tanh(x),
        UnaryKind.Relu => Math.Max(0, x),
        UnaryKind.LeakyRelu => x > 0 ? x : alpha * x,
        UnaryKind.Elu => x > 0 ? x : alpha * (Math.Exp(x) - 1),
        UnaryKind.Swish => x / (1 + Math.Exp(-x)),
        UnaryKind.Gelu => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
        UnaryKind.Softplus => Math.Log(1 + Math.Exp(x)),
        UnaryKind.AddScalar => x + alpha,
        UnaryKind.Pow => Math.Pow(x, alpha),
        UnaryKind.Sign => Math.Sign(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Points away from kinks (0 for Relu, Abs, Sign, Elu) and inside each domain.</summary>
    private static double[] Points(UnaryKind kind) => kind switch
    {
        UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Pow or UnaryKind.Reciprocal => [0.1, 0.5, 1, 2.5, 7],
        _ => [-5, -1.3, -0.2, 0.3, 1, 2.7, 6],
    };

    private static float Alpha(UnaryKind kind) => kind switch
    {
        UnaryKind.Scale => 1.7f,
        UnaryKind.LeakyRelu => 0.1f,
        UnaryKind.Elu => 1.3f,
        UnaryKind.AddScalar => 0.3f,
        UnaryKind.Pow => 2.5f,
        _ => 0f,
    };

    [Test]
    public void ForwardMatchesDoubleFormula([Values] UnaryKind kind)
    {
        var alpha = Alpha(kind);
        foreach (var x in Points(kind))
        {
            var want = F(kind, x, alpha);
            var got = Scalar.Forward(kind, (float)x, alpha);
            Assert.That(got, Is.EqualTo(want).Within(2e-6 * (1 + Math.Abs(want))), $"{kind}({x})");
        }
    }

    [Test]
    public void DerivativeMatchesCentralDifferences([Values] UnaryKind kind)
    {
        const double h = 1e-5;
        var alpha = Alpha(kind);
        foreach (var x in Points(kind))
        {
            var fd = (F(kind, x + h, alpha) - F(kind, x - h, alpha)) / (2 * h);
            var y = Scalar.Forward(kind, (float)x, alpha);
            var got = Scalar.Derivative(kind, (float)x, y, alpha);
            Assert.That(got, Is.EqualTo(fd).Within(1e-5 * (1 + Math.Abs(fd))), $"{kind}'({x}): finite difference {fd:G9}");
        }
    }

    [Test]
    public void SigmoidIsStableForLargeInputs()
    {
        Assert.That(Scalar.Sigmoid(-200f), Is.EqualTo(0f));
        Assert.That(Scalar.Sigmoid(200f), Is.EqualTo(1f));
        Assert.That(float.IsFinite(Scalar.Forward(UnaryKind.Softplus, 200f, 0f)));
    }
}
