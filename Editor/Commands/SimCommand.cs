using System.CommandLine;
using System.Globalization;
using Myelin.Agents.Arena;
using Myelin.Agents.Components;
using Myelin.Editor.Soak;

namespace Myelin.Editor.Commands;

/// <summary>`myelin sim agents`: runs the learning-agents arena without graphics and reports how it learned and how fast.</summary>
public static class SimCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var agents = NumberOption.Integer("--agents", "Creatures sharing the policy.", 500, 1, 100_000);
        var frames = NumberOption.Integer("--frames", "Frames to simulate.", 1500, 1, int.MaxValue);
        var seed = NumberOption.Seed("Seed of layout, init, exploration and sampling.", 1);
        var json = new Option<bool>("--json") { Description = "Print one JSON line of results." };
        var steps = NumberOption.Integer("--steps-per-frame", "Fixed optimizer steps per frame (deterministic); 0 = a 4 ms time budget.", 0, 0, 10_000);
        var noLearning = new Option<bool>("--no-learning") { Description = "Run the untrained policy (baseline)." };
        var teacher = new Option<bool>("--teacher") { Description = "Drive the creatures by the scripted teacher (the expert's score)." };
        var density = NumberOption.Real("--food-density", "Food pellets per square unit.", ArenaConfig.DefaultFoodDensity, 0.001f, 0.1f, minIncluded: true);
        var soak = NumberOption.OptionalReal("--soak", "Run for this many minutes (instead of --frames) and report the drift of memory, threads and open files.", 0.0, SoakMonitor.MaxMinutes);
        var maxFps = NumberOption.OptionalReal("--max-fps", "Cap the frame rate of a --soak run (sleeps between frames).", SoakRun.MinFps, SoakRun.MaxFps, minIncluded: true);
        var sim = new Command("agents", "The learning-agents arena: creatures with ray sensors learn to forage in the game loop.")
            { agents, frames, seed, json, steps, noLearning, teacher, density, soak, maxFps };
        sim.SetAction(p =>
        {
            if (p.GetValue(soak) is null) return Run(p.GetValue(agents), p.GetValue(frames), p.GetValue(seed), p.GetValue(json), p.GetValue(steps), !p.GetValue(noLearning), p.GetValue(teacher), p.GetValue(density));
            var run = new SoakRun(p.GetValue(soak), p.GetValue(maxFps), p.GetValue(json) ? null : Console.Out);
            return SimSoak.Run(ArenaConfig.ForAgents(p.GetValue(agents), p.GetValue(density)), p.GetValue(seed), !p.GetValue(noLearning), p.GetValue(teacher), Budget(p.GetValue(steps)), run, p.GetValue(json));
        });
        return new Command("sim", "Run a simulation without graphics.") { sim };
    }

    private static int Run(int agents, int frames, ulong seed, bool json, int stepsPerFrame, bool learning, bool teacher, float density)
    {
        if (agents <= 0 || frames <= 0) throw new ArgumentException("--agents and --frames must be positive.");
        var config = ArenaConfig.ForAgents(agents, density);
        var budget = Budget(stepsPerFrame);
        using var sim = new ArenaSimulation(config, seed, learning, budget) { FollowTeacher = teacher };
        var window = Math.Clamp(frames / 5, 1, 200);
        var warmUp = Math.Min(frames / 4, 100);
        var frameMs = new double[frames];
        double rewardEnd = 0, trainMs = 0, inferMs = 0;
        long allocated = 0;
        for (var f = 0; f < frames; f++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            sim.Step();
            if (f >= warmUp) allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            frameMs[f] = sim.FrameMilliseconds;
            trainMs += sim.TrainingStats.MillisecondsLastFrame;
            inferMs += sim.InferenceMilliseconds;
            if (f >= frames - window) rewardEnd += sim.MeanRewardLastFrame;
            if (!json && (f + 1) % Math.Max(1, frames / 10) == 0)
                Console.WriteLine($"frame {f + 1,6}/{frames}  reward/agent/frame {sim.MeanRewardLastFrame,8:F4}  loss {sim.TrainingStats.SmoothedLoss,6:F3}  frame {sim.FrameMilliseconds,6:F2} ms");
        }
        // The untrained policy and the scripted teacher over the same frames and seed, scored over the same
        // last window: food runs out over a run, so only rewards from the same frames compare.
        double baseline = double.NaN, expert = double.NaN;
        if (learning && !teacher)
        {
            baseline = LastWindowReward(config, seed, budget, frames, window, followTeacher: false);
            expert = LastWindowReward(config, seed, budget, frames, window, followTeacher: true);
        }
        var steady = frameMs.AsSpan(warmUp).ToArray();
        Array.Sort(steady);
        var result = new Dictionary<string, double>
        {
            ["agents"] = agents,
            ["frames"] = frames,
            ["seed"] = seed,
            ["reward_window_frames"] = window,
            ["mean_reward"] = rewardEnd / window,
            ["untrained_mean_reward"] = baseline,
            ["teacher_mean_reward"] = expert,
            ["learned_vs_untrained"] = baseline > 0 ? rewardEnd / window / baseline : double.NaN,
            ["learned_vs_teacher"] = expert > 0 ? rewardEnd / window / expert : double.NaN,
            ["frame_ms_mean"] = steady.Length > 0 ? steady.Average() : 0,
            ["frame_ms_p99"] = steady.Length > 0 ? steady[Math.Min(steady.Length - 1, (int)(steady.Length * 0.99))] : 0,
            ["train_ms_per_frame"] = trainMs / frames,
            ["inference_ms_per_frame"] = inferMs / frames,
            ["train_steps"] = sim.TrainingStats.Steps,
            ["bytes_allocated_per_frame"] = frames > warmUp ? (double)allocated / (frames - warmUp) : 0,
        };
        if (json)
        {
            Console.WriteLine("{" + string.Join(", ", result.Select(kv => $"\"{kv.Key}\": {(double.IsNaN(kv.Value) ? "null" : kv.Value.ToString("G6", CultureInfo.InvariantCulture))}")) + "}");
        }
        else
        {
            var policy = teacher ? "teacher" : learning ? "learned" : "untrained";
            Console.WriteLine($"mean reward per creature per frame over the last {window} frames: {policy} {result["mean_reward"]:F4}");
            if (!double.IsNaN(baseline))
                Console.WriteLine($"same frames: untrained {baseline:F4}, teacher {expert:F4} -> learned / untrained = {result["learned_vs_untrained"]:F1}x, learned / teacher = {result["learned_vs_teacher"]:F2}");
            Console.WriteLine($"frame {result["frame_ms_mean"]:F2} ms mean, {result["frame_ms_p99"]:F2} ms p99; inference {result["inference_ms_per_frame"]:F2} ms, training {result["train_ms_per_frame"]:F2} ms per frame; {result["bytes_allocated_per_frame"]:F0} bytes allocated per frame");
        }
        return 0;
    }

    private static TrainingBudget Budget(int stepsPerFrame) =>
        stepsPerFrame > 0 ? TrainingBudget.FixedSteps(stepsPerFrame, 128) : new TrainingBudget(4.0, 64, 128);

    private static double LastWindowReward(ArenaConfig config, ulong seed, TrainingBudget budget, int frames, int window, bool followTeacher)
    {
        using var sim = new ArenaSimulation(config, seed, learning: false, budget) { FollowTeacher = followTeacher };
        double sum = 0;
        for (var f = 0; f < frames; f++)
        {
            sim.Step();
            if (f >= frames - window) sum += sim.MeanRewardLastFrame;
        }
        return sum / window;
    }
}
