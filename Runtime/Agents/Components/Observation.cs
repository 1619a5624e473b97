using System.Runtime.CompilerServices;

namespace Myelin.Agents.Components;

/// <summary>Inline storage for up to 32 observation values.</summary>
[InlineArray(Observation.MaxLength)]
public struct ObservationValues
{
    private float _e0;
}

/// <summary>What an agent senses this frame: up to <see cref="MaxLength"/> floats, written by game systems.</summary>
public struct Observation
{
    /// <summary>Most values one observation holds.</summary>
    public const int MaxLength = 32;

    /// <summary>The values; the first <see cref="Length"/> are used.</summary>
    public ObservationValues Values;

    /// <summary>Number of values in use; must equal the model's input width.</summary>
    public int Length;

    /// <summary>Creates an observation of <paramref name="length"/> zeros.</summary>
    public Observation(int length)
    {
        if ((uint)length > MaxLength) throw new ArgumentOutOfRangeException(nameof(length), length, $"An observation holds at most {MaxLength} values.");
        Length = length;
    }
}
