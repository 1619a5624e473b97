namespace Myelin.Agents.Arena;

/// <summary>
/// Ray-cast sensing against discs: each ray reports 1 − (hit distance / ray length) for the nearest
/// disc it hits, 0 when it hits nothing. Rays fan symmetrically around the heading, left to right.
/// </summary>
public static class RaySensor
{
    /// <summary>Direction of ray <paramref name="ray"/> (0 = leftmost) relative to the heading, radians.</summary>
    public static float RayAngle(int ray, int rays, float fieldOfView) =>
        rays == 1 ? 0f : fieldOfView * (0.5f - ray / (float)(rays - 1));

    /// <summary>
    /// Updates <paramref name="readings"/> (one per ray) with a disc at offset (dx, dy) from the
    /// sensor: each ray keeps the larger of its current reading and this disc's.
    /// </summary>
    public static void Sense(Span<float> readings, float heading, float fieldOfView, float rayLength, float dx, float dy, float radius)
    {
        var rays = readings.Length;
        for (var r = 0; r < rays; r++)
        {
            var a = heading + RayAngle(r, rays, fieldOfView);
            var t = Intersect(MathF.Cos(a), MathF.Sin(a), dx, dy, radius);
            if (t >= 0f && t <= rayLength)
            {
                var v = 1f - t / rayLength;
                if (v > readings[r]) readings[r] = v;
            }
        }
    }

    /// <summary>Distance along the unit ray (ux, uy) to the first point of the disc at (cx, cy), or −1 when missed.</summary>
    public static float Intersect(float ux, float uy, float cx, float cy, float radius)
    {
        var along = cx * ux + cy * uy;
        var perp2 = cx * cx + cy * cy - along * along;
        var r2 = radius * radius;
        if (perp2 > r2) return -1f;
        var inside = cx * cx + cy * cy <= r2;
        if (inside) return 0f;
        if (along < 0f) return -1f;
        return along - MathF.Sqrt(r2 - perp2);
    }
}
