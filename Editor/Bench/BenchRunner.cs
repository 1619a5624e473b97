namespace Myelin.Editor.Bench;

/// <summary>Runs the reference workloads of BENCHMARKS.md (placeholder until the bench branch lands).</summary>
public static class BenchRunner
{
    /// <summary>Runs <paramref name="workload"/> on <paramref name="backend"/>; returns the exit code.</summary>
    public static int Run(string workload, bool json, bool peers, string backend)
    {
        Console.Error.WriteLine("bench: not yet available");
        return 2;
    }
}
