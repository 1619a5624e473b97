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
    /// <summary>Full sizes even on a software GL driver (llvmpipe), whose default is small sizes.</summary>
    public bool Full { get; init; }
    /// <summary>What the backend runs on; the runner sets it from the backend it made.</summary>
    public BackendKind Kind { get; init; } = BackendKind.Cpu;
    /// <summary>
    /// A file of peer JSON lines (<c>{"peer", "workload", "results"}</c>, as the torch CUDA peers
    /// print) whose figures are merged into the rows, so GPU targets are judged; null: none.
    /// </summary>
    public string? PeerResults { get; init; }
    /// <summary>Small sizes: a software GL driver without <see cref="Full"/> (correctness, not speed).</summary>
    public bool Small => Kind == BackendKind.GlSoftware && !Full && !Quick;
    /// <summary>A GPU backend (CUDA, simulator or GL): timed regions end with a device wait, CPU targets do not apply.</summary>
    public bool Gpu => Kind != BackendKind.Cpu;
    /// <summary>Where the table or JSON goes.</summary>
    public TextWriter Output { get; init; } = Console.Out;
    /// <summary>Where progress and peer messages go (null: none).</summary>
    public TextWriter? Log { get; init; } = Console.Error;
}
