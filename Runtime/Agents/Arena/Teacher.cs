namespace Myelin.Agents.Arena;

/// <summary>
/// The scripted expert the policy imitates: steer toward the strongest food reading, away from
/// close hazards, straight on when nothing is seen. It sees only the observation, as the policy does,
/// so a perfect imitation is possible.
/// </summary>
public static class Teacher
{
    /// <summary>The expert action for an observation laid out as [food per ray..., hazard per ray...].</summary>
    public static ArenaAction Act(ReadOnlySpan<float> observation)
    {
        var rays = observation.Length / 2;
        var food = observation[..rays];
        var hazard = observation[rays..];
        var centre = (rays - 1) * 0.5f;

        // A hazard close ahead: turn away from the side it is on, or turn around when it is dead ahead.
        var threat = -1;
        for (var r = 0; r < rays; r++)
            if (hazard[r] > 0.55f && (threat < 0 || hazard[r] > hazard[threat])) threat = r;
        if (threat >= 0)
        {
            if (MathF.Abs(threat - centre) < 1f && hazard[threat] > 0.8f) return ArenaAction.TurnAround;
            return threat < centre ? ArenaAction.Right : ArenaAction.Left;
        }

        // The food that is close and ahead (side rays cost a little: turning takes time), on a ray not
        // blocked by a nearer hazard.
        var best = -1;
        var bestScore = 0f;
        for (var r = 0; r < rays; r++)
        {
            if (food[r] <= 0f || food[r] <= hazard[r]) continue;
            var score = food[r] - 0.08f * MathF.Abs(r - centre);
            if (best < 0 || score > bestScore) { best = r; bestScore = score; }
        }
        if (best < 0) return ArenaAction.Forward;
        if (MathF.Abs(best - centre) <= 0.5f) return ArenaAction.Forward;
        return best < centre ? ArenaAction.Left : ArenaAction.Right;
    }
}
