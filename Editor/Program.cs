// Temporary entry point for `myelin bench` until the Editor CLI (branch editor) replaces this file.
if (args.Length >= 2 && args[0] == "bench")
{
    var backend = Array.IndexOf(args, "--backend") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : "cpu";
    return Myelin.Editor.Bench.BenchRunner.Run(args[1], args.Contains("--json"), args.Contains("--peers"), backend);
}
return 0;
