using Myelin.Gpu;

// GPU sub-commands (gpu-check, gpu-bench) until the full command line lands.
if (args.Length > 0 && GpuCommand.Handles(args[0])) return GpuCommand.Run(args, Console.Out);
return 0;
