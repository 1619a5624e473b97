using Myelin.Backends;

namespace Myelin.Editor.Bench;

/// <summary>What one <c>myelin bench</c> run does.</summary>
internal sealed record BenchOptions
{
    /// <summary>"W1".."W5" or "all".</summary>
    public required string Workload { get; init; }
    /// <summary>One JSON object per workload instead of the table.</summary>
    public bool Json { get; init; }
    /// <summary>Run the peer programs beside Myelin.</summary>
    public bool Peers { get; init; }
    /// <summary>The backend name, as given.</summary>
    public string BackendName { get; init; } = "cpu";
    /// <summary>Creates the backend.</summary>
    public required Func<IBackend> Backend { get; init; }
    /// <summary>Tiny sizes and synthetic MNIST-shaped data, for tests: checks the plumbing, not speed.</summary>
    public bool Quick { get; init; }
    /// <summary>Where the table or JSON goes.</summary>
    public TextWriter Output { get; init; } = Console.Out;
    /// <summary>Where progress and peer messages go (null: none).</summary>
    public TextWriter? Log { get; init; } = Console.Error;
}
