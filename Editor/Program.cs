using Myelin.Editor;
using Myelin.Gpu;

// gpu-check / gpu-bench parse their own arguments (they also run from the carried GPU bundle).
if (args.Length > 0 && GpuCommand.Handles(args[0])) return GpuCommand.Run(args, Console.Out);
return Cli.Run(args);
