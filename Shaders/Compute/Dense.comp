#version 430
// Dense: y = act(x·w + bias). x:(N,I) w:(I,O) bias:(O) y:(N,O).
// ints: n, i, o, activation, hasBias  floats: alpha
// One invocation per output element, flattened over N·O: narrow layers (O = 1..8, the playground's
// and policy heads) fill whole work groups instead of idling 15 of 16 lanes of a 16×16 tile.
layout(local_size_x = 256) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer Bias { float bias[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };

void main()
{
    int rows = uInts[0], inputs = uInts[1], outputs = uInts[2];
    FOR_EACH(e, rows * outputs)
    {
        int r = int(e) / outputs, o = int(e) - r * outputs;
        float sum = uInts[4] != 0 ? bias[o] : 0.0;
        for (int p = 0; p < inputs; p++) sum = fma(x[r * inputs + p], w[p * outputs + o], sum);
        y[e] = unaryForward(SPECIALIZED_KIND, sum, uFloats[0]); // uInts[3] names it too; compiled per kind
    }
}
