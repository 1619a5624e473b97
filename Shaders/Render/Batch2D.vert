#version 450 core
// One vertex of a Batch2D quad: position in pixels (origin top-left), a per-mode coordinate,
// a straight-alpha colour and the mode with its parameters.
layout(location = 0) in vec2 aPosition;
layout(location = 1) in vec2 aCoord;
layout(location = 2) in vec4 aColor;
layout(location = 3) in vec4 aParams;

uniform vec2 uViewport;

out vec2 vCoord;
out vec4 vColor;
flat out vec4 vParams;

void main()
{
    vCoord = aCoord;
    vColor = aColor;
    vParams = aParams;
    vec2 ndc = vec2(aPosition.x / uViewport.x * 2.0 - 1.0, 1.0 - aPosition.y / uViewport.y * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
}
