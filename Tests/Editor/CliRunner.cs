using Myelin.Editor;

namespace Myelin.Tests.Editor;

/// <summary>Runs <see cref="Cli.Run"/> in-process with stdout and stderr captured.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Errors) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var previous = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (Cli.Run(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previous.Out);
            Console.SetError(previous.Error);
        }
    }
}
