using System.Globalization;
using System.Text;

namespace Myelin;

/// <summary>Text helpers for messages built from file content.</summary>
public static class Text
{
    /// <summary>
    /// <paramref name="value"/> with every control character written as an escape (<c>\n</c>, <c>\t</c>,
    /// <c>\x1B</c>, <c>\x9B</c>), so text read from a file can be printed without moving the cursor,
    /// clearing the screen or retitling the window. Returns the same string when there is nothing to escape.
    /// </summary>
    public static string Escape(string? value)
    {
        if (value is null) return "";
        if (!value.Any(char.IsControl)) return value;
        var b = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (!char.IsControl(c)) b.Append(c);
            else if (c == '\n') b.Append("\\n");
            else if (c == '\r') b.Append("\\r");
            else if (c == '\t') b.Append("\\t");
            else AppendCode(b, c);
        }
        return b.ToString();
    }

    /// <summary>Appends <paramref name="c"/> as <c>\xNN</c> (two upper-case hex digits), the escape form of control characters in every message.</summary>
    public static StringBuilder AppendCode(StringBuilder b, char c) =>
        b.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
}
