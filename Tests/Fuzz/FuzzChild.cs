using System.Diagnostics;
using System.Globalization;

namespace Myelin.Tests.Fuzz;

/// <summary>
/// The fuzz loop, run in a child process under a GC heap hard limit (<see cref="FuzzTests"/> starts it):
/// mutates the target's corpus for a time budget and calls the parser on each mutant, with a per-case
/// timeout. Prints one summary line; on the first bug prints FAIL, keeps the input as <c>crash.bin</c>
/// in the work folder and exits non-zero.
/// </summary>
public static class FuzzChild
{
    /// <summary>Exit code: a parser threw an undocumented exception type (or ran out of memory).</summary>
    public const int Crash = 3;
    /// <summary>Exit code: a parser took longer than the per-case timeout.</summary>
    public const int Hang = 4;

    /// <summary>Runs target <paramref name="name"/> for <paramref name="seconds"/> from <paramref name="seed"/> in <paramref name="dir"/>.</summary>
    public static int Run(string name, double seconds, int seed, string dir, TimeSpan caseTimeout)
    {
        var target = FuzzTargets.All.Single(t => t.Name == name);
        var corpus = target.Corpus(dir);
        var mutator = new Mutator(seed);
        var input = Path.Combine(dir, "case.bin");
        var clock = Stopwatch.StartNew();
        long tried = 0, accepted = 0;
        // Each corpus file once as it is (they must load), then mutants.
        for (var i = 0; clock.Elapsed.TotalSeconds < seconds || i < corpus.Count; i++)
        {
            var bytes = i < corpus.Count ? corpus[i] : mutator.Mutate(corpus[i % corpus.Count], corpus, target.Text);
            if (i >= corpus.Count && target.Fixup is { } fix && i % 10 != 0) bytes = fix(bytes);
            File.WriteAllBytes(input, bytes);
            var outcome = Task.Run(() => Outcome(target, input));
            tried++;
            if (!outcome.Wait(caseTimeout))
                return Report(Hang, dir, bytes, $"HANG {name} case {i}: no answer within {caseTimeout.TotalSeconds:0.#} s ({bytes.Length} bytes)");
            if (outcome.Result is { } e)
            {
                if (i < corpus.Count) return Report(Crash, dir, bytes, $"FAIL {name} corpus file {i} does not load: {e.GetType().Name}: {e.Message}");
                if (!target.Expected.Contains(e.GetType()))
                    return Report(Crash, dir, bytes, $"FAIL {name} case {i}: {e.GetType().FullName}: {Text.Escape(e.Message)} ({bytes.Length} bytes)\n{e.StackTrace}");
            }
            else accepted++;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz {name}: {tried} inputs in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}, {corpus.Count} corpus files): {accepted} loaded, {tried - accepted} rejected with {string.Join("/", target.Expected.Select(t => t.Name))}"));
        return 0;
    }

    private static Exception? Outcome(FuzzTarget target, string path)
    {
        try
        {
            target.Parse(path);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static int Report(int code, string dir, byte[] bytes, string line)
    {
        File.WriteAllBytes(Path.Combine(dir, "crash.bin"), bytes);
        Console.WriteLine(line);
        Console.Out.Flush();
        // A hung parser thread would keep the process alive.
        Environment.Exit(code);
        return code;
    }
}
