#version 430
// Dense: y = act(x·w + bias). x:(N,I) w:(I,O) bias:(O) y:(N,O).
// ints: n, i, o, activation, hasBias  floats: alpha
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer W { float w[]; };
layout(std430, binding = 2) readonly buffer Bias { float bias[]; };
layout(std430, binding = 3) writeonly buffer Y { float y[]; };

void main()
{
    int rows = uInts[0], inputs = uInts[1], outputs = uInts[2];
    int r = int(gl_GlobalInvocationID.y), o = int(gl_GlobalInvocationID.x);
    if (r >= rows || o >= outputs) return;
    float sum = 0.0;
    for (int p = 0; p < inputs; p++) sum += x[r * inputs + p] * w[p * outputs + o];
    if (uInts[4] != 0) sum += bias[o];
    y[r * outputs + o] = unaryForward(uInts[3], sum, uFloats[0]);
}
