#version 430
// GridToTexture: texel (x, y) of an r32f image = grid[(y·width + x)·channels + channel], e.g. one
// network output per pixel of a decision-boundary grid, without a CPU round trip.
// ints: width, height, channels, channel
layout(local_size_x = 16, local_size_y = 16) in;
layout(std430, binding = 0) readonly buffer Grid { float grid[]; };
layout(r32f, binding = 0) writeonly uniform image2D uTarget;

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= uInts[0] || p.y >= uInts[1]) return;
    imageStore(uTarget, p, vec4(grid[(p.y * uInts[0] + p.x) * uInts[2] + uInts[3]], 0.0, 0.0, 1.0));
}
