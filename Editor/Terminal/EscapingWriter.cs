using System.Text;

namespace Myelin.Editor.Terminal;

/// <summary>
/// A writer that passes text on with its control characters escaped (<see cref="TerminalText"/>):
/// put in front of stderr, it keeps every error message, whatever file it quotes, from driving the terminal.
/// </summary>
public sealed class EscapingWriter(TextWriter inner) : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override void Write(char value)
    {
        if (TerminalText.IsControl(value)) inner.Write(TerminalText.Escape(value.ToString()));
        else inner.Write(value);
    }

    /// <inheritdoc/>
    public override void Write(string? value) => inner.Write(value is null ? null : TerminalText.Escape(value));

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        Write(value);
        inner.WriteLine();
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();
}
