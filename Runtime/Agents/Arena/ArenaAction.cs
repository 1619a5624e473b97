namespace Myelin.Agents.Arena;

/// <summary>The discrete actions of an arena creature (the policy's four outputs).</summary>
public enum ArenaAction
{
    /// <summary>Move straight ahead.</summary>
    Forward = 0,
    /// <summary>Turn left while moving slowly.</summary>
    Left = 1,
    /// <summary>Turn right while moving slowly.</summary>
    Right = 2,
    /// <summary>Turn sharply in place (escape).</summary>
    TurnAround = 3,
}
