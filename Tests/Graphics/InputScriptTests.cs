using Myelin.Graphics.App;
using Myelin.Graphics.Platform;
using NUnit.Framework;

namespace Myelin.Tests.Graphics;

/// <summary>The input script format: good lines become events in frame order, bad lines name themselves.</summary>
[TestFixture]
public class InputScriptTests
{
    [Test]
    public void ParsesEveryActionInFrameOrder()
    {
        var script = InputScript.Parse("""
            # a comment
            frame 20 key a
            frame 10 move 200 300

            frame 11 down left   # trailing comment
            frame 14 up
            frame 15 scroll -1.5
            """);
        var kinds = script.Events.ToArray().Select(e => (e.Frame, e.Event.Kind)).ToArray();
        Assert.That(kinds, Is.EqualTo(new[]
        {
            (10, InputKind.MouseMove), (11, InputKind.MouseDown), (14, InputKind.MouseUp),
            (15, InputKind.Scroll), (20, InputKind.KeyDown), (20, InputKind.KeyUp),
        }));
        Assert.That(script.Events[4].Event.Key, Is.EqualTo('A'), "letters are GLFW key codes (upper-case ASCII)");
        Assert.That(script.Events[1].AtPointer, Is.True, "down without coordinates happens at the pointer");
    }

    [Test]
    public void DragPressesMovesOverItsFramesAndReleasesAtTheEnd()
    {
        var script = InputScript.Parse("frame 30 drag 100 100 300 200 10");
        var input = new InputState();
        var cursor = 0;
        for (var frame = 0; frame <= 45; frame++)
        {
            input.BeginFrame();
            script.Apply(frame, input, ref cursor);
            if (frame == 30) Assert.That((input.WasPressed(0), input.MouseX, input.MouseY), Is.EqualTo((true, 100f, 100f)));
            if (frame == 35) Assert.That((input.IsDown(0), input.MouseX, input.MouseY), Is.EqualTo((true, 200f, 150f)));
            if (frame == 40) Assert.That((input.WasReleased(0), input.IsDown(0), input.MouseX, input.MouseY), Is.EqualTo((true, false, 300f, 200f)));
        }
    }

    [Test]
    public void DownAtThePointerUsesTheReplayedPosition()
    {
        var script = InputScript.Parse("frame 0 move 12 34\nframe 1 down");
        var input = new InputState();
        var cursor = 0;
        script.Apply(0, input, ref cursor);
        input.BeginFrame();
        script.Apply(1, input, ref cursor);
        Assert.That((input.IsDown(0), input.MouseX, input.MouseY), Is.EqualTo((true, 12f, 34f)));
    }

    [TestCase("frame x move 1 2", "frame number 'x' is not a whole number")]
    [TestCase("frame 3 jump", "unknown action 'jump'")]
    [TestCase("frame 2 move 1", "expected 'move X Y'")]
    [TestCase("frame 1 down sideways", "unknown button 'sideways'")]
    [TestCase("frame 1 key F13", "unknown key 'F13'")]
    [TestCase("frame 1 drag 0 0 5 5 0", "at least 1 frame")]
    [TestCase("move 1 2", "must start with 'frame N'")]
    [TestCase("frame -1 move 1 2", "0 or more")]
    [TestCase("frame 1 move 1 nan", "'nan' is not a number")]
    public void MalformedLinesNameTheFileTheLineAndTheProblem(string bad, string expected)
    {
        var e = Assert.Throws<ScriptFormatException>(() => InputScript.Parse($"# header\nframe 0 move 1 1\n{bad}\n", "clicks.txt"));
        Assert.That(e!.Message, Does.StartWith("clicks.txt:3: "));
        Assert.That(e.Message, Does.Contain(expected));
        Assert.That(e.Message, Does.Contain(bad), "the line itself is quoted");
    }
}
