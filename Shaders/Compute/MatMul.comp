#version 430
// MatMul: c = alpha·op(a)·op(b) + beta·c. a:(M,K) or (K,M) transposed, b:(K,N) or (N,K), c:(M,N).
// One invocation per c element (x = column, y = row); plain loops beat shared-memory tiles on llvmpipe.
// ints: m, k, n, transA, transB  floats: alpha, beta
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) buffer C { float c[]; };

void main()
{
    int m = uInts[0], k = uInts[1], n = uInts[2];
    int i = int(gl_GlobalInvocationID.y), j = int(gl_GlobalInvocationID.x);
    if (i >= m || j >= n) return;
    bool transA = uInts[3] != 0, transB = uInts[4] != 0;
    float sum = 0.0;
    for (int p = 0; p < k; p++)
    {
        float x = transA ? a[p * m + i] : a[i * k + p];
        float w = transB ? b[j * k + p] : b[p * n + j];
        sum += x * w;
    }
    float beta = uFloats[1];
    c[i * n + j] = uFloats[0] * sum + (beta == 0.0 ? 0.0 : beta * c[i * n + j]);
}
