using System.Globalization;

namespace Myelin.Tests.Fuzz;

/// <summary>
/// The test assembly's entry point, used only to run <see cref="FuzzChild"/> in a separate process
/// (<c>dotnet Myelin.Tests.dll fuzz TARGET SECONDS SEED DIR</c>) where a heap hard limit applies; the
/// test runner never calls it.
/// </summary>
public static class FuzzProgram
{
    /// <summary>Runs the fuzz child; exit 2 for a bad command line.</summary>
    public static int Main(string[] args)
    {
        if (args is not ["fuzz", var name, var seconds, var seed, var dir])
        {
            Console.Error.WriteLine("usage: dotnet Myelin.Tests.dll fuzz TARGET SECONDS SEED DIR");
            return 2;
        }
        return FuzzChild.Run(name, double.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(seed, CultureInfo.InvariantCulture), dir, TimeSpan.FromSeconds(10));
    }
}
