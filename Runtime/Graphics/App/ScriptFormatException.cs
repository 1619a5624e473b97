namespace Myelin.Graphics.App;

/// <summary>
/// An input script line could not be read; the message names the file, the line and what was expected.
/// It quotes the line, so control characters in it are escaped (<see cref="Text.Escape"/>).
/// </summary>
public sealed class ScriptFormatException(string message) : FormatException(Text.Escape(message));
