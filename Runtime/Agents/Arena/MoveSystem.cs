using Myelin.Agents.Components;
using Myelin.Ecs;

namespace Myelin.Agents.Arena;

/// <summary>
/// Act: turns each creature's chosen action into motion (with a little seeded exploration), then
/// scores contacts — food is eaten (+reward, respawns elsewhere), hazards hurt (−reward, push back).
/// </summary>
public sealed class MoveSystem(World world, ArenaField field, Rng rng) : SystemBase(world)
{
    private readonly QueryDescription _creatures = new QueryDescription().WithAll<Creature, PolicyOutput, Reward, Target>();
    private readonly QueryDescription _food = new QueryDescription().WithAll<FoodPellet>();
    private bool[] _eaten = [];

    /// <summary>Probability of a random action instead of the policy's (keeps agents from circling forever).</summary>
    public float Exploration { get; set; } = 0.05f;

    /// <summary>Drive creatures by the teacher's label instead of the policy (to see the expert's score).</summary>
    public bool FollowTeacher { get; set; }

    /// <summary>Pellets eaten in the last frame.</summary>
    public int EatenLastFrame { get; private set; }

    /// <summary>Hazard contacts in the last frame.</summary>
    public int HitsLastFrame { get; private set; }

    /// <inheritdoc />
    public override void Update(in float dt)
    {
        var cfg = field.Config;
        if (_eaten.Length < field.FoodCount) _eaten = new bool[field.FoodCount];
        Array.Clear(_eaten);
        int eaten = 0, hits = 0;
        foreach (var chunk in World.GetChunks(_creatures))
        {
            var bodies = chunk.GetSpan<Creature>();
            var outputs = chunk.GetSpan<PolicyOutput>();
            var rewards = chunk.GetSpan<Reward>();
            var targets = chunk.GetSpan<Target>();
            for (var i = 0; i < chunk.Count; i++)
            {
                ref var c = ref bodies[i];
                var chosen = FollowTeacher && targets[i].Label >= 0 ? targets[i].Label : outputs[i].Choice;
                var action = rng.NextFloat() < Exploration ? (ArenaAction)rng.NextInt(4) : (ArenaAction)chosen;
                Move(ref c, action, cfg);
                var r = Contacts(ref c, cfg, ref eaten, ref hits);
                rewards[i] = new Reward(r, rewards[i].Total + r);
            }
        }
        RespawnEaten(cfg);
        EatenLastFrame = eaten;
        HitsLastFrame = hits;
    }

    private static void Move(ref Creature c, ArenaAction action, ArenaConfig cfg)
    {
        var speed = cfg.Speed;
        switch (action)
        {
            case ArenaAction.Left: c.Heading += cfg.TurnRate; speed *= 0.8f; break;
            case ArenaAction.Right: c.Heading -= cfg.TurnRate; speed *= 0.8f; break;
            case ArenaAction.TurnAround: c.Heading += 2f * cfg.TurnRate; speed = 0f; break;
        }
        if (c.Heading > MathF.PI) c.Heading -= 2f * MathF.PI;
        else if (c.Heading < -MathF.PI) c.Heading += 2f * MathF.PI;
        c.X = Wrap(c.X + speed * MathF.Cos(c.Heading), cfg.Size);
        c.Y = Wrap(c.Y + speed * MathF.Sin(c.Heading), cfg.Size);
    }

    private float Contacts(ref Creature c, ArenaConfig cfg, ref int eaten, ref int hits)
    {
        var reward = 0f;
        var fg = field.FoodGrid;
        var reach = Math.Max(1, fg.Reach(cfg.FoodRadius + cfg.CreatureRadius));
        int cx = fg.CellOf(c.X), cy = fg.CellOf(c.Y);
        var eatDistance = cfg.FoodRadius + cfg.CreatureRadius;
        for (var gy = cy - reach; gy <= cy + reach; gy++)
            for (var gx = cx - reach; gx <= cx + reach; gx++)
                foreach (var k in fg.Cell(gx, gy))
                {
                    if (_eaten[k]) continue;
                    var dx = fg.Wrap(field.FoodX[k] - c.X);
                    var dy = fg.Wrap(field.FoodY[k] - c.Y);
                    if (dx * dx + dy * dy > eatDistance * eatDistance) continue;
                    _eaten[k] = true;
                    c.Eaten++;
                    eaten++;
                    reward += cfg.FoodReward;
                }
        var hg = field.HazardGrid;
        reach = Math.Max(1, hg.Reach(cfg.HazardRadius + cfg.CreatureRadius));
        cx = hg.CellOf(c.X); cy = hg.CellOf(c.Y);
        var touched = false;
        for (var gy = cy - reach; gy <= cy + reach && !touched; gy++)
            for (var gx = cx - reach; gx <= cx + reach && !touched; gx++)
                foreach (var k in hg.Cell(gx, gy))
                {
                    var dx = hg.Wrap(c.X - field.HazardX[k]);
                    var dy = hg.Wrap(c.Y - field.HazardY[k]);
                    var limit = field.HazardR[k] + cfg.CreatureRadius;
                    var d2 = dx * dx + dy * dy;
                    if (d2 > limit * limit) continue;
                    // Push the creature back out to the rim and turn it away.
                    var d = MathF.Max(MathF.Sqrt(d2), 1e-3f);
                    c.X = Wrap(field.HazardX[k] + dx / d * (limit + 0.5f), cfg.Size);
                    c.Y = Wrap(field.HazardY[k] + dy / d * (limit + 0.5f), cfg.Size);
                    c.Heading = MathF.Atan2(dy, dx);
                    c.Hits++;
                    hits++;
                    reward += cfg.HazardPenalty;
                    touched = true;
                    break;
                }
        return reward;
    }

    private void RespawnEaten(ArenaConfig cfg)
    {
        var index = 0;
        foreach (var chunk in World.GetChunks(_food))
            foreach (ref var f in chunk.GetSpan<FoodPellet>())
            {
                if (index < _eaten.Length && _eaten[index]) f = new FoodPellet(rng.Uniform(0f, cfg.Size), rng.Uniform(0f, cfg.Size));
                index++;
            }
    }

    private static float Wrap(float v, float size) => v < 0f ? v + size : v >= size ? v - size : v;
}
