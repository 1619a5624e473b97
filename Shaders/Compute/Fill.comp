#version 430
// Fill: y[i] = value.  ints: n  floats: value
layout(local_size_x = 256) in;
layout(std430, binding = 0) writeonly buffer Y { float y[]; };

void main()
{
    FOR_EACH(i, uInts[0]) y[i] = uFloats[0];
}
