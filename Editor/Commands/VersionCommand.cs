using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Myelin.Training;

namespace Myelin.Editor.Commands;

/// <summary>`myelin version`: package version, .NET runtime, OS and CPU.</summary>
public static class VersionCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("version", "Print the Myelin version, the .NET runtime and the CPU.");
        command.SetAction(_ =>
        {
            foreach (var line in Lines()) Console.WriteLine(line);
            return 0;
        });
        return command;
    }

    /// <summary>The lines printed by the command.</summary>
    public static IEnumerable<string> Lines()
    {
        yield return $"Myelin {MyelinVersion()}";
        yield return $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})";
        yield return $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}";
        var simd = Vector512.IsHardwareAccelerated ? "Vector512 accelerated"
            : Vector256.IsHardwareAccelerated ? "Vector512 not accelerated (Vector256 is)"
            : "Vector512 not accelerated";
        yield return $"CPU: {CpuName()}, {Environment.ProcessorCount} cores, {simd}";
    }

    private static string MyelinVersion()
    {
        var info = typeof(Model).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        // "0.1.0+<40-hex commit>" -> "0.1.0 (commit abcdef0)"
        var plus = info.IndexOf('+');
        return plus < 0 ? info : $"{info[..plus]} (commit {info[(plus + 1)..Math.Min(info.Length, plus + 8)]})";
    }

    private static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return "unknown model";
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown model" : line[(line.IndexOf(':') + 1)..].Trim();
    }
}
