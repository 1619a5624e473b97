namespace Myelin.Graphics.App;

/// <summary>An input script line could not be read; the message names the file, the line and what was expected.</summary>
public sealed class ScriptFormatException(string message) : FormatException(message);
