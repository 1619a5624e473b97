using System.Buffers.Binary;
using System.Text;

namespace Myelin.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of valid files: bit flips, byte sets, truncation, splices, inflated length
/// fields, repeated chunks, and for text formats number swaps and control characters. Same seed, same inputs.
/// </summary>
public sealed class Mutator(int seed)
{
    private readonly Random _rng = new(seed);

    // Values that break size arithmetic: zero, one, sign edges, powers of two near the limits.
    private static readonly uint[] s_interesting32 = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 1 << 20, 1 << 24, 1 << 30, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
    private static readonly string[] s_interestingNumbers = ["0", "-1", "1", "255", "65536", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "0.5", "-0", "1e-45"];

    /// <summary>One to four stacked mutations of <paramref name="input"/>; <paramref name="others"/> feed splices.</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> others, bool text)
    {
        var data = input;
        var count = 1 + _rng.Next(4);
        for (var i = 0; i < count; i++) data = text && _rng.Next(2) == 0 ? MutateText(data) : MutateBytes(data, others);
        return data;
    }

    private byte[] MutateBytes(byte[] data, IReadOnlyList<byte[]> others)
    {
        if (data.Length == 0) return [(byte)_rng.Next(256)];
        var copy = (byte[])data.Clone();
        switch (_rng.Next(7))
        {
            case 0: // bit flips
                for (var n = 1 + _rng.Next(8); n > 0; n--) copy[_rng.Next(copy.Length)] ^= (byte)(1 << _rng.Next(8));
                return copy;
            case 1: // byte set
                copy[_rng.Next(copy.Length)] = _rng.Next(2) == 0 ? (byte)_rng.Next(256) : (byte)s_interesting32[_rng.Next(5)];
                return copy;
            case 2: // truncation, often near the start where headers are
                return data[..(_rng.Next(2) == 0 ? _rng.Next(Math.Min(data.Length, 64)) : _rng.Next(data.Length))];
            case 3: // splice: a prefix of this file and a suffix of another
                var other = others[_rng.Next(others.Count)];
                var cut = _rng.Next(data.Length);
                var from = other.Length == 0 ? 0 : _rng.Next(other.Length);
                return [.. data.AsSpan(0, cut), .. other.AsSpan(from)];
            case 4: // length-field inflation: an interesting 32-bit value, either byte order, near the start or anywhere
                if (copy.Length < 4) return copy;
                var at = _rng.Next(2) == 0 ? _rng.Next(Math.Min(copy.Length - 3, 64)) : _rng.Next(copy.Length - 3);
                var value = s_interesting32[_rng.Next(s_interesting32.Length)];
                if (_rng.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
                else BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), value);
                return copy;
            case 5: // a chunk repeated up to 16 times, kept under 256 KiB of growth
                var start = _rng.Next(data.Length);
                var length = 1 + _rng.Next(Math.Min(data.Length - start, 4096));
                var times = 1 + _rng.Next(16);
                var grown = new List<byte>(data.Length + length * times);
                grown.AddRange(data.AsSpan(0, start + length));
                for (var t = 0; t < times; t++) grown.AddRange(data.AsSpan(start, length));
                grown.AddRange(data.AsSpan(start + length));
                return [.. grown];
            default: // a range deleted
                var a = _rng.Next(data.Length);
                var b = Math.Min(data.Length, a + 1 + _rng.Next(64));
                return [.. data.AsSpan(0, a), .. data.AsSpan(b)];
        }
    }

    private byte[] MutateText(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        switch (_rng.Next(4))
        {
            case 0: // a number replaced by an edge value
                var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"-?[0-9]+(\.[0-9]+)?");
                if (numbers.Count == 0) goto default;
                var m = numbers[_rng.Next(numbers.Count)];
                text = string.Concat(text.AsSpan(0, m.Index), s_interestingNumbers[_rng.Next(s_interestingNumbers.Length)], text.AsSpan(m.Index + m.Length));
                break;
            case 1: // a line repeated
                var lines = text.Split('\n');
                var l = _rng.Next(lines.Length);
                text = string.Join('\n', lines.Take(l + 1).Concat(Enumerable.Repeat(lines[l], 1 + _rng.Next(8))).Concat(lines.Skip(l + 1)));
                break;
            case 2: // a control character, byte-order mark or multi-byte character inserted
                string[] odd = ["\u001B[2J", "\0", "\r", "\uFEFF", "\u202E", "é", "\"", "\\", "{", "]"];
                var p = _rng.Next(text.Length + 1);
                text = text.Insert(p, odd[_rng.Next(odd.Length)]);
                break;
            default: // a word dropped
                var words = text.Split(' ');
                if (words.Length < 2) return data;
                var w = _rng.Next(words.Length);
                text = string.Join(' ', words.Where((_, i) => i != w));
                break;
        }
        return Encoding.UTF8.GetBytes(text);
    }
}
