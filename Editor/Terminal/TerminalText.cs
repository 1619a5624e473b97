using System.Buffers;
using System.Text;

namespace Myelin.Editor.Terminal;

/// <summary>
/// Makes text safe for a terminal: control characters (C0 but tab and newline, DEL, and the C1 block,
/// which holds the one-byte CSI) become visible <c>\xNN</c>, so an ESC sequence from a file cannot
/// retitle the window, move the cursor or clear the screen.
/// </summary>
public static class TerminalText
{
    private static readonly SearchValues<char> s_controls =
        SearchValues.Create([.. Enumerable.Range(0, 0xa0).Select(i => (char)i).Where(IsControl)]);

    /// <summary>True for a character a terminal would act on rather than show.</summary>
    public static bool IsControl(char c) => c is < ' ' and not ('\t' or '\n') or >= '\u007f' and <= '\u009f';

    /// <summary><paramref name="text"/> with every control character written as <c>\xNN</c>.</summary>
    public static string Escape(string text)
    {
        var first = text.AsSpan().IndexOfAny(s_controls);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 8);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++) Append(sb, text[i]);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="c"/>, escaped when it is a control character.</summary>
    public static void Append(StringBuilder sb, char c)
    {
        if (IsControl(c)) Text.AppendCode(sb, c);
        else sb.Append(c);
    }
}
