namespace Myelin.Graphics.Platform;

/// <summary>What happened: the same events come from a window or from a replayed script.</summary>
public enum InputKind
{
    /// <summary>The pointer moved to (X, Y).</summary>
    MouseMove,
    /// <summary>A mouse button (Button) went down at (X, Y).</summary>
    MouseDown,
    /// <summary>A mouse button (Button) went up at (X, Y).</summary>
    MouseUp,
    /// <summary>A key (Key, GLFW key code) was pressed.</summary>
    KeyDown,
    /// <summary>A key was released.</summary>
    KeyUp,
    /// <summary>The wheel turned by (X, Y).</summary>
    Scroll,
}

/// <summary>One input event in framebuffer pixels (origin top-left).</summary>
public readonly record struct InputEvent(InputKind Kind, float X = 0, float Y = 0, int Button = 0, int Key = 0);
