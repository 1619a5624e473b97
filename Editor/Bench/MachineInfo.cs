using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Myelin.Editor.Bench;

/// <summary>The machine line printed with every result: CPU, cores, Vector512, .NET, date.</summary>
internal static class MachineInfo
{
    /// <summary>CPU model from /proc/cpuinfo (or the OS description elsewhere).</summary>
    public static string CpuModel { get; } = ReadCpuModel();

    /// <summary>Logical cores this process may use.</summary>
    public static int Cores => Environment.ProcessorCount;

    /// <summary>True when Vector512 runs in hardware.</summary>
    public static bool Vector512 => Vector512<float>.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated;

    /// <summary>".NET 10.0.x".</summary>
    public static string Runtime => RuntimeInformation.FrameworkDescription;

    /// <summary>One line for the table footer and the JSON.</summary>
    public static string Line(DateTime utc) =>
        $"{CpuModel}, {Cores} cores, Vector512 {(Vector512 ? "yes" : "no")}, {Runtime}, {utc:yyyy-MM-dd HH:mm} UTC";

    private static string ReadCpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                        return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return RuntimeInformation.OSDescription;
    }
}
