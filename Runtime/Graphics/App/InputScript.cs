using System.Globalization;
using Myelin.Serialization;
using Myelin.Graphics.Platform;

namespace Myelin.Graphics.App;

/// <summary>
/// Timed input events replayed into <see cref="InputState"/> by <see cref="SceneRunner"/>, so
/// headless runs and tests can click, drag and type. A text file, one command per line:
/// <code>
/// # comments and blank lines are ignored; frames count from 0
/// frame 10 move 200 300          # pointer to (200, 300) in pixels, origin top-left
/// frame 11 down left             # button (left|right|middle, default left) down at the pointer
/// frame 14 up left               # ... and up
/// frame 20 key A                 # key press and release: a letter, a digit, SPACE ENTER ESCAPE TAB BACKSPACE LEFT RIGHT UP DOWN
/// frame 25 scroll -1             # wheel by dy
/// frame 30 drag 100 100 300 300 10   # press at (100,100), move over 10 frames to (300,300), release there
/// </code>
/// A drag takes frames 30..40: move and down at 30, moves at 31..40, up at 40. Lines may come in
/// any order; events of one frame apply in file order.
/// </summary>
public sealed class InputScript
{
    private readonly ScriptEvent[] _events;
    private readonly int[] _eventOrder;
    private readonly ScriptDrag[] _drags;
    private readonly int[] _dragOrder;
    // _dragReach[i]: the latest End among _drags[0..i], so a backward scan stops at the first drag that cannot still be active.
    private readonly int[] _dragReach;

    private InputScript(List<(ScriptEvent Event, int Order)> events, List<(ScriptDrag Drag, int Order)> drags)
    {
        // Stable: events of one frame keep their file order.
        var sortedEvents = events.OrderBy(p => p.Event.Frame).ThenBy(p => p.Order).ToArray();
        _events = sortedEvents.Select(p => p.Event).ToArray();
        _eventOrder = sortedEvents.Select(p => p.Order).ToArray();
        var sortedDrags = drags.OrderBy(p => p.Drag.Frame).ThenBy(p => p.Order).ToArray();
        _drags = sortedDrags.Select(p => p.Drag).ToArray();
        _dragOrder = sortedDrags.Select(p => p.Order).ToArray();
        _dragReach = new int[_drags.Length];
        for (var i = 0; i < _drags.Length; i++) _dragReach[i] = Math.Max(i > 0 ? _dragReach[i - 1] : int.MinValue, _drags[i].End);
    }

    /// <summary>The single-frame events (move, down, up, key, scroll), sorted by frame; drags are in <see cref="Drags"/>.</summary>
    public ReadOnlySpan<ScriptEvent> Events => _events;

    /// <summary>The drags, sorted by their first frame; their per-frame moves are made as frames are reached.</summary>
    public ReadOnlySpan<ScriptDrag> Drags => _drags;

    /// <summary>The largest script file read (16 MiB).</summary>
    public const long MaxBytes = 1L << 24;

    /// <summary>Reads a script file (at most <see cref="MaxBytes"/>; a UTF-8 byte-order mark is skipped).</summary>
    /// <exception cref="ScriptFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="IOException">The file is missing, a directory, a device or too large.</exception>
    public static InputScript Load(string path) =>
        Parse(System.Text.Encoding.UTF8.GetString(InputFile.ReadAllBytes(path, MaxBytes)).TrimStart('\uFEFF'), Path.GetFileName(path));

    /// <summary>Parses script text; <paramref name="source"/> names it in error messages. Memory grows with the lines, not with the frames they span.</summary>
    /// <exception cref="ScriptFormatException">A line is malformed; the message names the source and line.</exception>
    public static InputScript Parse(string text, string source = "script")
    {
        var events = new List<(ScriptEvent, int)>();
        var drags = new List<(ScriptDrag, int)>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            new LineReader(words, source, n + 1, lines[n].Trim()).Read(events, drags);
        }
        return new InputScript(events, drags);
    }

    /// <summary>
    /// Applies the events of frame <paramref name="frame"/> to <paramref name="input"/> in file order,
    /// starting at <paramref name="cursor"/> (advanced past them; start at 0). Allocates nothing.
    /// </summary>
    public void Apply(long frame, InputState input, ref int cursor)
    {
        while (cursor < _events.Length && _events[cursor].Frame < frame) cursor++;
        var lastStarted = LastDragStartedBy(frame);
        var done = -1;
        while (true)
        {
            var eventOrder = cursor < _events.Length && _events[cursor].Frame == frame ? _eventOrder[cursor] : int.MaxValue;
            var drag = NextActiveDrag(frame, lastStarted, done);
            var dragOrder = drag >= 0 ? _dragOrder[drag] : int.MaxValue;
            if (eventOrder == int.MaxValue && drag < 0) return;
            if (eventOrder < dragOrder)
            {
                var e = _events[cursor++];
                input.Apply(e.AtPointer ? e.Event with { X = input.MouseX, Y = input.MouseY } : e.Event);
                done = eventOrder;
            }
            else
            {
                _drags[drag].Apply(frame, input);
                done = dragOrder;
            }
        }
    }

    // The last drag (in start order) that starts at or before frame; -1 when none does.
    private int LastDragStartedBy(long frame)
    {
        int lo = 0, hi = _drags.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_drags[mid].Frame <= frame) lo = mid + 1;
            else hi = mid;
        }
        return lo - 1;
    }

    // Of the drags active at frame whose file order comes after `after`, the first in file order; -1 when none.
    private int NextActiveDrag(long frame, int lastStarted, int after)
    {
        var best = -1;
        for (var i = lastStarted; i >= 0 && _dragReach[i] >= frame; i--)
            if (_drags[i].End >= frame && _dragOrder[i] > after && (best < 0 || _dragOrder[i] < _dragOrder[best])) best = i;
        return best;
    }

    private readonly struct LineReader(string[] words, string source, int number, string text)
    {
        public void Read(List<(ScriptEvent, int)> events, List<(ScriptDrag, int)> drags)
        {
            // One order number per event or drag, in file order: it settles the order within a frame.
            var order = events.Count + drags.Count;
            if (words[0] != "frame") throw Error("a line must start with 'frame N'");
            if (words.Length < 3) throw Error("expected 'frame N ACTION ...'");
            var frame = Int(1, "frame number");
            if (frame < 0) throw Error("the frame number must be 0 or more");
            var action = words[2];
            switch (action)
            {
                case "move":
                    Count(5, "move X Y");
                    events.Add((new(frame, new InputEvent(InputKind.MouseMove, Float(3, "X"), Float(4, "Y"))), order));
                    break;
                case "down" or "up":
                    if (words.Length > 4) throw Error($"expected '{action} [left|right|middle]'");
                    var button = words.Length == 4 ? Button(3) : 0;
                    events.Add((new(frame, new InputEvent(action == "down" ? InputKind.MouseDown : InputKind.MouseUp, Button: button), AtPointer: true), order));
                    break;
                case "key":
                    Count(4, "key K");
                    var key = Key(words[3]);
                    events.Add((new(frame, new InputEvent(InputKind.KeyDown, Key: key)), order));
                    events.Add((new(frame, new InputEvent(InputKind.KeyUp, Key: key)), order + 1));
                    break;
                case "scroll":
                    Count(4, "scroll DY");
                    events.Add((new(frame, new InputEvent(InputKind.Scroll, 0, Float(3, "DY"))), order));
                    break;
                case "drag":
                    if (words.Length is not (8 or 9)) throw Error("expected 'drag X0 Y0 X1 Y1 FRAMES [left|right|middle]'");
                    float x0 = Float(3, "X0"), y0 = Float(4, "Y0"), x1 = Float(5, "X1"), y1 = Float(6, "Y1");
                    var steps = Int(7, "FRAMES");
                    if (steps < 1) throw Error("a drag lasts at least 1 frame");
                    if (steps > int.MaxValue - frame) throw Error($"the drag would end after frame {int.MaxValue}, the last a script can reach");
                    var b = words.Length == 9 ? Button(8) : 0;
                    drags.Add((new ScriptDrag(frame, x0, y0, x1, y1, steps, b), order));
                    break;
                default:
                    throw Error($"unknown action '{action}'; expected move, down, up, key, scroll or drag");
            }
        }

        private void Count(int expected, string usage)
        {
            if (words.Length != expected) throw Error($"expected '{usage}'");
        }

        private int Int(int index, string what) =>
            int.TryParse(words[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"{what} '{words[index]}' is not a whole number");

        private float Float(int index, string what) =>
            float.TryParse(words[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) ? v : throw Error($"{what} '{words[index]}' is not a number");

        private int Button(int index) => words[index] switch
        {
            "left" => 0,
            "right" => 1,
            "middle" => 2,
            var other => throw Error($"unknown button '{other}'; expected left, right or middle"),
        };

        private int Key(string name)
        {
            if (name.Length == 1 && char.IsAsciiLetterOrDigit(name[0])) return char.ToUpperInvariant(name[0]);
            return name.ToUpperInvariant() switch
            {
                "SPACE" => 32, "ESCAPE" => 256, "ENTER" => 257, "TAB" => 258, "BACKSPACE" => 259,
                "RIGHT" => 262, "LEFT" => 263, "DOWN" => 264, "UP" => 265,
                _ => throw Error($"unknown key '{name}'; expected a letter, a digit, SPACE, ENTER, ESCAPE, TAB, BACKSPACE, LEFT, RIGHT, UP or DOWN"),
            };
        }

        private ScriptFormatException Error(string why) => new($"{source}:{number}: {why} (line: \"{text}\")");
    }
}
