namespace Myelin.Benchmarks;

/// <summary>Entry point: pick benchmarks with --filter, e.g. <c>--filter *MatMul* --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
