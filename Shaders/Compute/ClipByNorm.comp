#version 430
// ClipByNorm: x *= min(1, maxNorm/√sumSquares[0]), read on the GPU (no host round trip).
// ints: n  floats: maxNorm
layout(local_size_x = 256) in;
layout(std430, binding = 0) buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer SumSquares { float sumSquares[]; };

void main()
{
    float norm = sqrt(sumSquares[0]), maxNorm = uFloats[0];
    if (norm <= maxNorm) return;
    float s = maxNorm / norm;
    FOR_EACH(i, uInts[0]) x[i] *= s;
}
