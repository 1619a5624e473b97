using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Myelin.Editor.Bench;

/// <summary>Writes bench results as a Spectre table or as one JSON object per workload.</summary>
internal static class BenchReport
{
    /// <summary>
    /// One JSON object per line and workload: workload, backend, threads, machine, date, and
    /// metrics[] of {key, metric, unit, myelin, peers{name: value}, ratio{name: myelin/peer}, target, met}.
    /// </summary>
    public static void WriteJson(TextWriter output, IEnumerable<(string Workload, IReadOnlyList<BenchRow> Rows)> results, string backend, int threads, DateTime started, string? device = null)
    {
        foreach (var (workload, rows) in results)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("workload", workload);
                json.WriteString("backend", backend);
                if (device is not null) json.WriteString("device", device);
                json.WriteNumber("threads", threads);
                json.WriteString("machine", MachineInfo.Line(started));
                json.WriteStartObject("machine_info");
                json.WriteString("cpu", MachineInfo.CpuModel);
                json.WriteNumber("cores", MachineInfo.Cores);
                json.WriteBoolean("vector512", MachineInfo.Vector512);
                json.WriteString("dotnet", MachineInfo.Runtime);
                json.WriteString("date", started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                json.WriteEndObject();
                json.WriteStartArray("metrics");
                foreach (var r in rows)
                {
                    json.WriteStartObject();
                    json.WriteString("key", r.Key);
                    json.WriteString("metric", r.Metric);
                    json.WriteString("unit", r.Unit);
                    Number(json, "myelin", r.Myelin);
                    json.WriteStartObject("peers");
                    foreach (var (name, value) in r.Peers) Number(json, name, value);
                    json.WriteEndObject();
                    json.WriteStartObject("ratio");
                    foreach (var (name, ratio) in r.Ratios()) Number(json, name, ratio);
                    json.WriteEndObject();
                    if (r.Target is null) json.WriteNull("target"); else json.WriteString("target", r.Target);
                    if (r.Met is { } met) json.WriteBoolean("met", met); else json.WriteNull("met");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>The table: workload, metric, Myelin, each peer's figure, Myelin/peer, target, met.</summary>
    public static void WriteTable(TextWriter output, IEnumerable<(string Workload, IReadOnlyList<BenchRow> Rows)> results, string backend, int threads, DateTime started, bool peers)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = 200;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"myelin bench on '{backend}' ({threads} threads){(peers ? "" : ", no peers (--peers runs them)")}")
            .Caption(Markup.Escape(MachineInfo.Line(started)) + "\nratio = Myelin / peer (times: < 1 is faster; GFLOP/s: > 1 is faster)");
        foreach (var c in new[] { "Workload", "Metric", "Myelin", "Peers", "Ratio", "Target", "Met" }) table.AddColumn(c);
        foreach (var (workload, rows) in results)
        {
            foreach (var r in rows)
            {
                var peerText = string.Join("\n", r.Peers.Select(p => $"{p.Key} {Format(p.Value, r.Unit)}"));
                var ratioText = string.Join("\n", r.Ratios().Select(p => $"{p.Peer} ×{p.Ratio.ToString(p.Ratio < 0.1 ? "0.0000" : "0.00", CultureInfo.InvariantCulture)}"));
                var met = r.Met switch { true => "[green]yes[/]", false => "[red]no[/]", null => r.Target is null ? "" : "[grey]?[/]" };
                table.AddRow(Markup.Escape(workload), Markup.Escape(r.Metric), Markup.Escape(Format(r.Myelin, r.Unit)),
                    Markup.Escape(peerText), Markup.Escape(ratioText), Markup.Escape(r.Target ?? ""), met);
            }
        }
        console.Write(table);
    }

    /// <summary>A figure with its unit, three significant digits or so.</summary>
    public static string Format(double value, string unit)
    {
        if (!double.IsFinite(value)) return "n/a";
        var ci = CultureInfo.InvariantCulture;
        return unit switch
        {
            "acc" => value.ToString("0.0000", ci),
            "B" => value.ToString("0", ci) + " B",
            "" => value.ToString("G4", ci),
            _ => (Math.Abs(value) >= 100 ? value.ToString("0", ci) : Math.Abs(value) >= 10 ? value.ToString("0.0", ci) : Math.Abs(value) >= 1 ? value.ToString("0.00", ci) : value.ToString("G3", ci)) + " " + unit,
        };
    }
}
