using System.Globalization;

namespace Myelin.Graphics.Rendering;

/// <summary>
/// A reusable character buffer for per-frame text ("loss 0.0213", "fps 60"): numbers are formatted
/// into it with the invariant culture and no string is made, so drawing a label allocates nothing.
/// <code>text.Clear().Append("loss ").Append(loss, "F4"); renderer.Draw(batch, text.Span, x, y, color);</code>
/// </summary>
public sealed class TextBuilder(int capacity = 256)
{
    private char[] _chars = new char[capacity];

    /// <summary>Characters written since the last <see cref="Clear"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The text so far; valid until the next change.</summary>
    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    /// <summary>Empties the buffer (keeps its capacity).</summary>
    public TextBuilder Clear()
    {
        Length = 0;
        return this;
    }

    /// <summary>Appends <paramref name="text"/>.</summary>
    public TextBuilder Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
        return this;
    }

    /// <summary>Appends one character.</summary>
    public TextBuilder Append(char c)
    {
        Reserve(1);
        _chars[Length++] = c;
        return this;
    }

    /// <summary>Appends <paramref name="value"/> formatted with <paramref name="format"/> (e.g. "F2", "0.###E+0"), invariant culture.</summary>
    public TextBuilder Append(double value, ReadOnlySpan<char> format = default)
    {
        int written;
        while (!value.TryFormat(_chars.AsSpan(Length), out written, format, CultureInfo.InvariantCulture)) Reserve(_chars.Length);
        Length += written;
        return this;
    }

    /// <summary>Appends <paramref name="value"/> formatted with <paramref name="format"/> (e.g. "N0"), invariant culture.</summary>
    public TextBuilder Append(long value, ReadOnlySpan<char> format = default)
    {
        int written;
        while (!value.TryFormat(_chars.AsSpan(Length), out written, format, CultureInfo.InvariantCulture)) Reserve(_chars.Length);
        Length += written;
        return this;
    }

    private void Reserve(int more)
    {
        if (Length + more > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + more));
    }
}
