using System.Runtime.CompilerServices;

namespace Myelin.Agents.Components;

/// <summary>Inline storage for up to 16 output values.</summary>
[InlineArray(PolicyOutput.MaxLength)]
public struct OutputValues
{
    private float _e0;
}

/// <summary>
/// The model's answer for one agent, scattered back by the inference system: raw outputs (logits or
/// values) and the arg-max choice. Game systems turn it into motion.
/// </summary>
public struct PolicyOutput
{
    /// <summary>Most values one output holds.</summary>
    public const int MaxLength = 16;

    /// <summary>The network's outputs; the first <see cref="Length"/> are used.</summary>
    public OutputValues Values;

    /// <summary>Number of outputs.</summary>
    public int Length;

    /// <summary>Index of the largest output (the chosen discrete action).</summary>
    public int Choice;
}
