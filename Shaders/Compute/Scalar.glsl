// Shared text prepended to every compute shader after its #version line.
// Parameters arrive like push constants: uInts[] and uFloats[], laid out as each shader's header
// comment says, set once per dispatch from two cached locations.
uniform int uInts[32];
uniform float uFloats[8];

// Grid-stride loop, so any count fits in at most 65535 work groups.
#define FOR_EACH(i, n) for (uint i = gl_GlobalInvocationID.x; i < uint(n); i += gl_NumWorkGroups.x * gl_WorkGroupSize.x)

const float GeluC = 0.7978845608; // sqrt(2/pi)
const float GeluA = 0.044715;

float nanValue() { return uintBitsToFloat(0x7fc00000u); }

// Inf or NaN, by the exponent bits: a compiler may fold x*0 or x != x away, never an integer test.
bool nonFinite(float x) { return (floatBitsToUint(x) & 0x7f800000u) == 0x7f800000u; }

// An optimizer update's dry run (see UpdateCheck): flags[2·slot] when a gradient is not finite,
// flags[2·slot + 1] when a new value would not be; every invocation that sees one writes the same 1.
#define REPORT_FLAGS(flags, slot, gradientBad, valueBad) \
    if (gradientBad) flags[2 * (slot)] = 1.0; \
    if (valueBad) flags[2 * (slot) + 1] = 1.0;

// The element-wise maths: a line-by-line mirror of Runtime/Core/Backends/Scalar.cs.
// The UnaryX/BinaryX constants are generated from the C# enums when the shaders load.

// 1/(1+e^-x), computed without overflow for large |x|.
float sigmoidStable(float x)
{
    if (x >= 0.0) return 1.0 / (1.0 + exp(-x));
    float e = exp(x);
    return e / (1.0 + e);
}

// tanh is ±1 in float beyond |x| = 10; clamping keeps a driver's exp-based tanh from inf/inf.
float tanhSafe(float x) { return tanh(clamp(x, -10.0, 10.0)); }

// MathF.Pow semantics: negative bases allowed for integer exponents, NaN otherwise.
float powSigned(float x, float a)
{
    if (a == 0.0) return 1.0;
    if (x >= 0.0) return pow(x, a);
    if (a != floor(a)) return nanValue();
    float r = pow(-x, a);
    return mod(a, 2.0) == 1.0 ? -r : r;
}

float unaryForward(int kind, float x, float alpha)
{
    switch (kind)
    {
    case UnaryIdentity: return x;
    case UnaryNegate: return -x;
    case UnaryScale: return alpha * x;
    case UnaryExp: return exp(x);
    case UnaryLog: return log(x);
    case UnarySqrt: return sqrt(x);
    case UnarySquare: return x * x;
    case UnaryAbs: return abs(x);
    case UnaryReciprocal: return 1.0 / x;
    case UnarySin: return sin(x);
    case UnaryCos: return cos(x);
    case UnarySigmoid: return sigmoidStable(x);
    case UnaryTanh: return tanhSafe(x);
    case UnaryRelu: return x > 0.0 ? x : 0.0;
    case UnaryLeakyRelu: return x > 0.0 ? x : alpha * x;
    case UnaryElu: return x > 0.0 ? x : alpha * (exp(x) - 1.0);
    case UnarySwish: return x * sigmoidStable(x);
    case UnaryGelu: return 0.5 * x * (1.0 + tanhSafe(GeluC * (x + GeluA * x * x * x)));
    case UnarySoftplus: return x > 0.0 ? x + log(1.0 + exp(-x)) : log(1.0 + exp(x));
    case UnaryAddScalar: return x + alpha;
    case UnaryPow: return powSigned(x, alpha);
    case UnarySign: return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0;
    }
    return nanValue();
}

// f'(x) given x and y = f(x).
float unaryDerivative(int kind, float x, float y, float alpha)
{
    switch (kind)
    {
    case UnaryIdentity: return 1.0;
    case UnaryNegate: return -1.0;
    case UnaryScale: return alpha;
    case UnaryExp: return y;
    case UnaryLog: return 1.0 / x;
    case UnarySqrt: return 0.5 / y;
    case UnarySquare: return 2.0 * x;
    case UnaryAbs: return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0;
    case UnaryReciprocal: return -y * y;
    case UnarySin: return cos(x);
    case UnaryCos: return -sin(x);
    case UnarySigmoid: return y * (1.0 - y);
    case UnaryTanh: return 1.0 - y * y;
    case UnaryRelu: return x > 0.0 ? 1.0 : 0.0;
    case UnaryLeakyRelu: return x > 0.0 ? 1.0 : alpha;
    case UnaryElu: return x > 0.0 ? 1.0 : y + alpha;
    case UnarySwish:
    {
        float s = sigmoidStable(x);
        return s + x * s * (1.0 - s);
    }
    case UnaryGelu:
    {
        float u = GeluC * (x + GeluA * x * x * x);
        float t = tanhSafe(u);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GeluC * (1.0 + 3.0 * GeluA * x * x);
    }
    case UnarySoftplus: return sigmoidStable(x);
    case UnaryAddScalar: return 1.0;
    case UnaryPow: return alpha * powSigned(x, alpha - 1.0);
    case UnarySign: return 0.0;
    }
    return nanValue();
}

float binaryOp(int kind, float a, float b)
{
    switch (kind)
    {
    case BinaryAdd: return a + b;
    case BinarySubtract: return a - b;
    case BinaryMultiply: return a * b;
    case BinaryDivide: return a / b;
    case BinaryMaximum: return a >= b ? a : b;
    case BinaryMinimum: return a <= b ? a : b;
    case BinaryGreaterEqual: return a >= b ? 1.0 : 0.0;
    case BinaryEqual: return a == b ? 1.0 : 0.0;
    }
    return nanValue();
}

// Window geometry (Conv2DGeometry) of the Im2Col/Col2Im/pooling kernels: uInts[1..12].
#define G_N uInts[1]
#define G_C uInts[2]
#define G_H uInts[3]
#define G_W uInts[4]
#define G_KH uInts[5]
#define G_KW uInts[6]
#define G_SH uInts[7]
#define G_SW uInts[8]
#define G_PH uInts[9]
#define G_PW uInts[10]
#define G_OH uInts[11]
#define G_OW uInts[12]
