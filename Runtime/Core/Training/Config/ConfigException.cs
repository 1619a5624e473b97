namespace Myelin.Training.Config;

/// <summary>
/// A training configuration file is malformed: the message names the file, the line and the key
/// (as a dotted path such as <c>optimizer.learningRate</c>) and says what was expected.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> is 1-based (0 when unknown).</summary>
    public ConfigException(string file, int line, string key, string problem)
        : base(Format(file, line, key, problem))
    {
        File = file;
        Line = line;
        Key = key;
    }

    /// <summary>The configuration file.</summary>
    public string File { get; }
    /// <summary>1-based line of the offending key or value (0 when unknown).</summary>
    public int Line { get; }
    /// <summary>Dotted path of the offending key (empty for the whole file).</summary>
    public string Key { get; }

    private static string Format(string file, int line, string key, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return key.Length == 0 ? $"{where}: {problem}" : $"{where}: '{Printable(key)}': {problem}";
    }

    /// <summary>Text from the file made safe for a terminal (<see cref="Text.Escape"/>): a hostile key cannot move the cursor or change colours.</summary>
    public static string Printable(string text) => Text.Escape(text);
}
