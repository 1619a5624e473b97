using System.Text.Json;
using Myelin.Editor;
using NUnit.Framework;

namespace Myelin.Tests.Editor;

/// <summary>`myelin sim agents --json` compares the learned policy with the untrained one and the teacher over the same frames.</summary>
public class SimCommandTests
{
    [Test]
    public void Json_ReportsLearnedUntrainedAndTeacherOverTheSameFrames()
    {
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Assert.That(Cli.Run(["sim", "agents", "--agents", "100", "--frames", "200", "--steps-per-frame", "1", "--json"]), Is.Zero);
        }
        finally
        {
            Console.SetOut(previous);
        }
        using var json = JsonDocument.Parse(stdout.ToString().Trim().Split('\n')[^1]);
        var root = json.RootElement;
        Assert.That(root.TryGetProperty("mean_reward_start", out _), Is.False, "a start-of-run reward, earned before food ran out, is not comparable");
        var learned = root.GetProperty("mean_reward").GetDouble();
        var untrained = root.GetProperty("untrained_mean_reward").GetDouble();
        var teacher = root.GetProperty("teacher_mean_reward").GetDouble();
        Assert.That(root.GetProperty("reward_window_frames").GetDouble(), Is.EqualTo(40), "the last fifth of 200 frames");
        Assert.That(teacher, Is.GreaterThan(untrained), "the scripted forager beats random weights on the same frames");
        Assert.That(root.GetProperty("learned_vs_untrained").GetDouble(), Is.EqualTo(learned / untrained).Within(1e-3).Percent);
        Assert.That(root.GetProperty("learned_vs_teacher").GetDouble(), Is.EqualTo(learned / teacher).Within(1e-3).Percent);
    }
}
