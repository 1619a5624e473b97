namespace Myelin.Tests.Fuzz;

/// <summary>
/// One parser a user can feed: how to build its corpus of valid files, how to call it on a file, and
/// the exception types its documentation promises for bad input (anything else is a bug).
/// </summary>
/// <param name="Name">Short name, used on the command line of the fuzz child.</param>
/// <param name="Corpus">Valid inputs, made deterministically into the given work folder.</param>
/// <param name="Parse">Reads the file at the path.</param>
/// <param name="Expected">Exception types that count as a clean, typed rejection.</param>
/// <param name="Text">Whether text-level mutations apply.</param>
/// <param name="Fixup">Applied to most mutants, e.g. to restore a checksum so mutations reach the parser behind it.</param>
public sealed record FuzzTarget(
    string Name,
    Func<string, IReadOnlyList<byte[]>> Corpus,
    Action<string> Parse,
    Type[] Expected,
    bool Text = false,
    Func<byte[], byte[]>? Fixup = null);
