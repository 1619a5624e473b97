using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Myelin.Editor;

/// <summary>
/// Numeric options whose range is checked while the token is parsed, the one place every number
/// of the command line goes through. A value that is not a number, not finite, or outside the range
/// becomes one parse error naming the option and the value (exit 2); no validator ever reads a
/// value that failed to parse (that threw from inside the parser and aborted the process).
/// </summary>
public static class NumberOption
{
    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="defaultValue"/> when absent.</summary>
    public static Option<T> Integer<T>(string name, string description, T defaultValue, T min, T max, Func<T, string?>? check = null)
        where T : struct, IBinaryInteger<T> =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseInteger(r, name, min, max, check) ?? defaultValue };

    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>] that may be left out (null).</summary>
    public static Option<T?> OptionalInteger<T>(string name, string description, T min, T max, Func<T, string?>? check = null)
        where T : struct, IBinaryInteger<T> =>
        new(name) { Description = description, CustomParser = r => ParseInteger(r, name, min, max, check) };

    /// <summary>A finite real option above <paramref name="min"/> (or at it, when <paramref name="minIncluded"/>) and at most <paramref name="max"/>.</summary>
    public static Option<T> Real<T>(string name, string description, T defaultValue, T min, T max, bool minIncluded = false)
        where T : struct, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseReal(r, name, min, max, minIncluded) ?? defaultValue };

    /// <summary>A finite real option above <paramref name="min"/> (or at it, when <paramref name="minIncluded"/>) and at most <paramref name="max"/> that may be left out (null).</summary>
    public static Option<T?> OptionalReal<T>(string name, string description, T min, T max, bool minIncluded = false)
        where T : struct, IFloatingPointIeee754<T>, IMinMaxValue<T> =>
        new(name) { Description = description, CustomParser = r => ParseReal(r, name, min, max, minIncluded) };

    /// <summary>A seed: any integer from 0 to 2⁶⁴ − 1.</summary>
    public static Option<ulong> Seed(string description, ulong defaultValue) =>
        Integer("--seed", description, defaultValue, ulong.MinValue, ulong.MaxValue);

    private static T? ParseInteger<T>(ArgumentResult r, string name, T min, T max, Func<T, string?>? check) where T : struct, IBinaryInteger<T>
    {
        var text = Token(r);
        var range = $"{min}..{max}";
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
            return Fail<T>(r, $"{name}: '{text}' is not a whole number; it must be {range}.");
        if (big < BigInteger.CreateChecked(min) || big > BigInteger.CreateChecked(max))
            return Fail<T>(r, $"{name}: '{text}' is out of range; it must be {range}.");
        var value = T.CreateChecked(big);
        return check?.Invoke(value) is { } why ? Fail<T>(r, $"{name}: '{text}' {why}.") : value;
    }

    private static T? ParseReal<T>(ArgumentResult r, string name, T min, T max, bool minIncluded) where T : struct, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        var text = Token(r);
        var range = (minIncluded ? $"at least {min}" : $"greater than {min}") + (T.IsFinite(max) && max < T.MaxValue ? $" and at most {max}" : "");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            return Fail<T>(r, $"{name}: '{text}' is not a number; it must be {range}.");
        var value = T.CreateSaturating(parsed);
        if (!T.IsFinite(value)) return Fail<T>(r, $"{name}: '{text}' is not a finite number; it must be {range}.");
        if (value < min || (value == min && !minIncluded) || value > max) return Fail<T>(r, $"{name}: '{text}' is out of range; it must be {range}.");
        return value;
    }

    // The option's value token (the last one, should it be given twice).
    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";

    private static T? Fail<T>(ArgumentResult r, string message) where T : struct
    {
        r.AddError(message);
        return null;
    }
}
