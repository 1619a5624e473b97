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

    private InputScript(ScriptEvent[] events) => _events = events;

    /// <summary>Events sorted by frame.</summary>
    public ReadOnlySpan<ScriptEvent> Events => _events;

    /// <summary>The largest script file read (16 MiB).</summary>
    public const long MaxBytes = 1L << 24;

    /// <summary>Reads a script file (at most <see cref="MaxBytes"/>; a UTF-8 byte-order mark is skipped).</summary>
    /// <exception cref="ScriptFormatException">A line is malformed; the message names the file and line.</exception>
    /// <exception cref="IOException">The file is missing, a directory, a device or too large.</exception>
    public static InputScript Load(string path) =>
        Parse(System.Text.Encoding.UTF8.GetString(InputFile.ReadAllBytes(path, MaxBytes)).TrimStart('\uFEFF'), Path.GetFileName(path));

    /// <summary>Parses script text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="ScriptFormatException">A line is malformed; the message names the source and line.</exception>
    public static InputScript Parse(string text, string source = "script")
    {
        var events = new List<ScriptEvent>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            new LineReader(words, source, n + 1, lines[n].Trim()).Read(events);
        }
        // Stable: events of one frame keep their file order.
        var sorted = events.Select((e, i) => (e, i)).OrderBy(p => p.e.Frame).ThenBy(p => p.i).Select(p => p.e).ToArray();
        return new InputScript(sorted);
    }

    /// <summary>
    /// Applies the events of frame <paramref name="frame"/> to <paramref name="input"/>, starting at
    /// <paramref name="cursor"/> (advanced past them; start at 0). Allocates nothing.
    /// </summary>
    public void Apply(long frame, InputState input, ref int cursor)
    {
        while (cursor < _events.Length && _events[cursor].Frame < frame) cursor++;
        while (cursor < _events.Length && _events[cursor].Frame == frame)
        {
            var e = _events[cursor++];
            var ev = e.AtPointer ? e.Event with { X = input.MouseX, Y = input.MouseY } : e.Event;
            input.Apply(ev);
        }
    }

    private readonly struct LineReader(string[] words, string source, int number, string text)
    {
        public void Read(List<ScriptEvent> events)
        {
            if (words[0] != "frame") throw Error("a line must start with 'frame N'");
            if (words.Length < 3) throw Error("expected 'frame N ACTION ...'");
            var frame = Int(1, "frame number");
            if (frame < 0) throw Error("the frame number must be 0 or more");
            var action = words[2];
            switch (action)
            {
                case "move":
                    Count(5, "move X Y");
                    events.Add(new(frame, new InputEvent(InputKind.MouseMove, Float(3, "X"), Float(4, "Y"))));
                    break;
                case "down" or "up":
                    if (words.Length > 4) throw Error($"expected '{action} [left|right|middle]'");
                    var button = words.Length == 4 ? Button(3) : 0;
                    events.Add(new(frame, new InputEvent(action == "down" ? InputKind.MouseDown : InputKind.MouseUp, Button: button), AtPointer: true));
                    break;
                case "key":
                    Count(4, "key K");
                    var key = Key(words[3]);
                    events.Add(new(frame, new InputEvent(InputKind.KeyDown, Key: key)));
                    events.Add(new(frame, new InputEvent(InputKind.KeyUp, Key: key)));
                    break;
                case "scroll":
                    Count(4, "scroll DY");
                    events.Add(new(frame, new InputEvent(InputKind.Scroll, 0, Float(3, "DY"))));
                    break;
                case "drag":
                    if (words.Length is not (8 or 9)) throw Error("expected 'drag X0 Y0 X1 Y1 FRAMES [left|right|middle]'");
                    float x0 = Float(3, "X0"), y0 = Float(4, "Y0"), x1 = Float(5, "X1"), y1 = Float(6, "Y1");
                    var steps = Int(7, "FRAMES");
                    if (steps < 1) throw Error("a drag lasts at least 1 frame");
                    var b = words.Length == 9 ? Button(8) : 0;
                    events.Add(new(frame, new InputEvent(InputKind.MouseMove, x0, y0)));
                    events.Add(new(frame, new InputEvent(InputKind.MouseDown, x0, y0, b)));
                    for (var i = 1; i <= steps; i++)
                    {
                        var t = (float)i / steps;
                        events.Add(new(frame + i, new InputEvent(InputKind.MouseMove, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)));
                    }
                    events.Add(new(frame + steps, new InputEvent(InputKind.MouseUp, x1, y1, b)));
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
