using Myelin.Editor;

return Cli.Run(args);
