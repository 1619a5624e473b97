#version 450 core
// Every Batch2D primitive in one shader, chosen by vParams.x (Batch2D.Mode):
// 0 solid, 1 texture x colour, 2 text (R8 coverage x colour), 3 circle/ring (coord = pixel offset
// from the centre, y = radius, z = inner radius), 4 anti-aliased line (coord.y = pixel distance
// across, y = half thickness), 5 rounded rect (coord = pixel offset from the centre, yz = half size,
// w = corner radius), 6 colour-mapped R32F texture (y = map, z = min, w = max).
in vec2 vCoord;
in vec4 vColor;
flat in vec4 vParams;

uniform sampler2D uTexture;

out vec4 oColor;

vec3 viridis(float t)
{
    // Polynomial fit of matplotlib's viridis (Matt Zucker, CC0), max error well under one 8-bit step.
    const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
    const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
    const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
    const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
    const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
    const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
    const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

vec3 diverging(float t)
{
    // TensorFlow Playground: min orange #f59322, middle light grey #e8eaeb, max blue #0877bd.
    const vec3 low = vec3(0.961, 0.576, 0.133);
    const vec3 mid = vec3(0.910, 0.918, 0.922);
    const vec3 high = vec3(0.031, 0.467, 0.741);
    return t < 0.5 ? mix(low, mid, t * 2.0) : mix(mid, high, t * 2.0 - 1.0);
}

vec3 colorMap(int map, float t)
{
    if (map == 1) return clamp(viridis(t), 0.0, 1.0);
    if (map == 2) return vec3(t);
    return diverging(t);
}

// MODES: the bit set of modes this program draws (Batch2D builds three: shapes; shapes, images and
// text; everything). A CPU rasteriser runs every branch for every pixel under lane masks, so each
// draw call uses the smallest build that covers its modes; all of them when MODES is not defined.
#ifndef MODES
#define MODES 127
#endif

void main()
{
    int mode = int(vParams.x + 0.5);
    vec4 color = vColor;
#if (MODES & 70) != 0
    // One fetch serves every textured mode (texture, text, heatmap).
    vec4 texel = texture(uTexture, vCoord);
#endif
#if (MODES & 2) != 0
    if (mode == 1) color *= texel;
#endif
#if (MODES & 4) != 0
    if (mode == 2) color.a *= texel.r;
#endif
#if (MODES & 8) != 0
    if (mode == 3)
    {
        float d = length(vCoord);
        float coverage = clamp(vParams.y + 0.5 - d, 0.0, 1.0);
        if (vParams.z > 0.0) coverage *= clamp(d - vParams.z + 0.5, 0.0, 1.0);
        color.a *= coverage;
    }
#endif
#if (MODES & 16) != 0
    if (mode == 4) color.a *= clamp(vParams.y + 0.5 - abs(vCoord.y), 0.0, 1.0);
#endif
#if (MODES & 32) != 0
    if (mode == 5)
    {
        vec2 q = abs(vCoord) - (vParams.yz - vParams.w);
        float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - vParams.w;
        color.a *= clamp(0.5 - d, 0.0, 1.0);
    }
#endif
#if (MODES & 64) != 0
    if (mode == 6)
    {
        float range = vParams.w - vParams.z;
        float t = clamp(range != 0.0 ? (texel.r - vParams.z) / range : 0.5, 0.0, 1.0);
        color.rgb *= colorMap(int(vParams.y + 0.5), t);
    }
#endif
    if (color.a <= 0.0) discard;
    oColor = color;
}
