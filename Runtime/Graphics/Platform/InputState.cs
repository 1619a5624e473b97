namespace Myelin.Graphics.Platform;

/// <summary>
/// Input as seen by one frame: pointer position, buttons held, and what changed this frame.
/// Filled from window events or a replayed script; scenes and the UI read only this.
/// </summary>
public sealed class InputState
{
    private readonly bool[] _down = new bool[8];
    private readonly bool[] _pressed = new bool[8];
    private readonly bool[] _released = new bool[8];
    private readonly HashSet<int> _keysPressed = [];
    private readonly HashSet<int> _keysHeld = [];

    /// <summary>Pointer x in framebuffer pixels.</summary>
    public float MouseX { get; private set; }
    /// <summary>Pointer y in framebuffer pixels (top-left origin).</summary>
    public float MouseY { get; private set; }
    /// <summary>Wheel movement this frame.</summary>
    public float ScrollY { get; private set; }

    /// <summary>True while <paramref name="button"/> (0 left, 1 right, 2 middle) is held.</summary>
    public bool IsDown(int button) => _down[button];
    /// <summary>True in the frame the button went down.</summary>
    public bool WasPressed(int button) => _pressed[button];
    /// <summary>True in the frame the button went up.</summary>
    public bool WasReleased(int button) => _released[button];
    /// <summary>True in the frame <paramref name="key"/> (GLFW key code; letters are ASCII upper case) went down.</summary>
    public bool KeyPressed(int key) => _keysPressed.Contains(key);
    /// <summary>True while <paramref name="key"/> is held.</summary>
    public bool KeyHeld(int key) => _keysHeld.Contains(key);

    /// <summary>Forgets per-frame changes; call at the start of each frame before applying events.</summary>
    public void BeginFrame()
    {
        Array.Clear(_pressed);
        Array.Clear(_released);
        _keysPressed.Clear();
        ScrollY = 0;
    }

    /// <summary>Applies one event.</summary>
    public void Apply(in InputEvent e)
    {
        switch (e.Kind)
        {
            case InputKind.MouseMove: MouseX = e.X; MouseY = e.Y; break;
            case InputKind.MouseDown: MouseX = e.X; MouseY = e.Y; _down[e.Button & 7] = true; _pressed[e.Button & 7] = true; break;
            case InputKind.MouseUp: MouseX = e.X; MouseY = e.Y; _down[e.Button & 7] = false; _released[e.Button & 7] = true; break;
            case InputKind.KeyDown: _keysPressed.Add(e.Key); _keysHeld.Add(e.Key); break;
            case InputKind.KeyUp: _keysHeld.Remove(e.Key); break;
            case InputKind.Scroll: ScrollY += e.Y; break;
        }
    }
}
