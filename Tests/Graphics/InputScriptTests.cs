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

    [Test]
    public void ALongDragParsesInConstantMemory()
    {
        // Expanded up front, a million-frame drag was a million events (and 2e9 frames exhausted memory).
        InputScript.Parse("frame 1 drag 0 0 100 100 10");
        var before = GC.GetAllocatedBytesForCurrentThread();
        InputScript.Parse("frame 1 drag 0 0 100 100 10");
        var shortDrag = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        InputScript.Parse("frame 1 drag 0 0 100 100 1000000");
        var longDrag = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(longDrag, Is.LessThanOrEqualTo(shortDrag + 256), $"short drag {shortDrag} B, long drag {longDrag} B");
    }

    [Test]
    public void ADragOfTwoBillionFramesHoldsTheButtonAndMovesAFrameAtATime()
    {
        var script = InputScript.Parse("frame 1 drag 0 0 100 100 2000000000");
        var input = new InputState();
        var cursor = 0;
        var seen = new List<(bool Down, float X, float Y)>();
        for (var frame = 0; frame < 4; frame++)
        {
            input.BeginFrame();
            script.Apply(frame, input, ref cursor);
            seen.Add((input.IsDown(0), input.MouseX, input.MouseY));
        }
        Assert.That(seen.Select(s => s.Down), Is.EqualTo(new[] { false, true, true, true }));
        Assert.That(seen.Select(s => (double)s.X), Is.EqualTo(new[] { 0, 0, 5e-8, 1e-7 }).Within(1e-12), "100 units over 2e9 frames");
        Assert.That(seen.Select(s => (double)s.Y), Is.EqualTo(new[] { 0, 0, 5e-8, 1e-7 }).Within(1e-12));
    }

    // Per frame: pointer, left and right held, left pressed and released this frame.
    private static List<(float X, float Y, bool Left, bool Right, bool Pressed, bool Released)> Replay(string text, int frames)
    {
        var script = InputScript.Parse(text);
        var input = new InputState();
        var cursor = 0;
        var seen = new List<(float, float, bool, bool, bool, bool)>();
        for (var frame = 0; frame < frames; frame++)
        {
            input.BeginFrame();
            script.Apply(frame, input, ref cursor);
            seen.Add((input.MouseX, input.MouseY, input.IsDown(0), input.IsDown(1), input.WasPressed(0), input.WasReleased(0)));
        }
        return seen;
    }

    [Test]
    public void DragEventsInterleaveWithOtherLinesOfTheirFrameInFileOrder()
    {
        // Frame 4: the drag's step to (20,10), then the move line after it in the file wins.
        // Frame 6: the last step to (40,20), the release, then a press at the pointer.
        var after = Replay("frame 2 drag 0 0 40 20 4\nframe 4 move 7 7\nframe 6 down\n", 8);
        Assert.That(after, Is.EqualTo(new[]
        {
            (0f, 0f, false, false, false, false),
            (0f, 0f, false, false, false, false),
            (0f, 0f, true, false, true, false),
            (10f, 5f, true, false, false, false),
            (7f, 7f, true, false, false, false),
            (30f, 15f, true, false, false, false),
            (40f, 20f, true, false, true, true),
            (40f, 20f, true, false, false, false),
        }));
        // The move line before the drag line: the drag's step comes last in frame 4.
        var before = Replay("frame 4 move 7 7\nframe 2 drag 0 0 40 20 4\n", 6);
        Assert.That(before[4], Is.EqualTo((20f, 10f, true, false, false, false)));
    }

    [Test]
    public void OverlappingDragsEachStepEveryFrameInFileOrder()
    {
        var seen = Replay("frame 0 drag 0 0 10 0 10 left\nframe 2 drag 0 0 0 10 4 right\n", 12);
        Assert.That(seen[1], Is.EqualTo((1f, 0f, true, false, false, false)));
        Assert.That(seen[2], Is.EqualTo((0f, 0f, true, true, false, false)), "the right drag starts after the left one's step");
        Assert.That(seen[4], Is.EqualTo((0f, 5f, true, true, false, false)));
        Assert.That(seen[6], Is.EqualTo((0f, 10f, true, false, false, false)), "right released at its end");
        Assert.That(seen[7], Is.EqualTo((7f, 0f, true, false, false, false)));
        Assert.That(seen[10], Is.EqualTo((10f, 0f, false, false, false, true)));
        Assert.That(seen[11], Is.EqualTo((10f, 0f, false, false, false, false)));
    }

    [TestCase("frame x move 1 2", "frame number 'x' is not a whole number")]
    [TestCase("frame 3 jump", "unknown action 'jump'")]
    [TestCase("frame 2 move 1", "expected 'move X Y'")]
    [TestCase("frame 1 down sideways", "unknown button 'sideways'")]
    [TestCase("frame 1 key F13", "unknown key 'F13'")]
    [TestCase("frame 1 drag 0 0 5 5 0", "at least 1 frame")]
    [TestCase("frame 5 drag 0 0 5 5 2147483645", "would end after frame 2147483647")]
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
