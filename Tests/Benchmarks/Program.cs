using BenchmarkDotNet.Running;

namespace Myelin.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter *Ecs* --job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
