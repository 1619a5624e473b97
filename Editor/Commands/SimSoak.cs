using System.Globalization;
using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using Myelin.Editor.Soak;

namespace Myelin.Editor.Commands;

/// <summary>`myelin sim agents --soak MINUTES`: steps the arena until the time is up, then reports frames, speed and the drift of memory, threads and open files.</summary>
internal static class SimSoak
{
    // Frames before the per-frame allocation count starts (JIT, replay buffer filling).
    private const int WarmUpFrames = 100;

    public static int Run(ArenaConfig config, ulong seed, bool learning, bool teacher, TrainingBudget budget, SoakRun soak, bool json)
    {
        using var sim = new ArenaSimulation(config, seed, learning, budget) { FollowTeacher = teacher };
        long frames = 0, allocated = 0;
        double frameMs = 0, reward = 0;
        do
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            sim.Step();
            if (frames >= WarmUpFrames) allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            frames++;
            frameMs += sim.FrameMilliseconds;
            // Mean reward per creature over roughly the last 1,000 frames.
            reward += (sim.MeanRewardLastFrame - reward) / Math.Min(frames, 1000);
        }
        while (soak.AfterFrame());
        var report = soak.Finish()!;
        var measured = Math.Max(1, frames - WarmUpFrames);
        if (json)
        {
            var result = string.Create(CultureInfo.InvariantCulture,
                $"{{\"agents\": {config.Agents}, \"frames\": {frames}, \"seed\": {seed}, \"mean_reward_recent\": {reward:G6}, \"frame_ms_mean\": {frameMs / frames:G6}, \"train_steps\": {sim.TrainingStats.Steps}, \"bytes_allocated_per_frame\": {(double)allocated / measured:G6}}}");
            Console.WriteLine(report.AddTo(result));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{config.Agents} agents, {frames} frames: reward/agent/frame {reward:F4} (recent), frame {frameMs / frames:F2} ms mean, {sim.TrainingStats.Steps} training steps, {(double)allocated / measured:F0} bytes allocated per frame"));
            foreach (var line in report.Lines()) Console.WriteLine(line);
        }
        return 0;
    }
}
