using NUnit.Framework;

namespace Myelin.Tests.Core;

public class TextTests
{
    [TestCase("plain ünïcode ✓", "plain ünïcode ✓")]
    [TestCase("a\nb\tc\rd", "a\\nb\\tc\\rd")]
    [TestCase("\u001B[2J\u0007", "\\x1B[2J\\x07")]
    [TestCase("del\u007F csi\u009B nul\0", "del\\x7F csi\\x9B nul\\x00")]
    [TestCase(null, "")]
    public void EscapeWritesEveryControlCharacterVisibly(string? input, string expected) =>
        Assert.That(Text.Escape(input), Is.EqualTo(expected));
}
