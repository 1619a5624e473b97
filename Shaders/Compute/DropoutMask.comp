#version 430
// DropoutMask: mask[i] = keep when Rng.Hash(seed, i) >= p, else 0. The hash is Rng.Hash's 32-bit
// integer arithmetic exactly, so masks are bit-identical to the CPU's.
// ints: n, seed (uint bits)  floats: p, keep = 1/(1−p) (computed on the host)
layout(local_size_x = 256) in;
layout(std430, binding = 0) writeonly buffer Mask { float mask[]; };

float hashUniform(uint seed, uint index)
{
    uint x = index * 0x9E3779B9u ^ seed;
    x ^= x >> 16; x *= 0x7FEB352Du;
    x ^= x >> 15; x *= 0x846CA68Bu;
    x ^= x >> 16;
    return float(x >> 8) * (1.0 / 16777216.0);
}

void main()
{
    uint seed = uint(uInts[1]);
    FOR_EACH(i, uInts[0]) mask[i] = hashUniform(seed, i) >= uFloats[0] ? uFloats[1] : 0.0;
}
