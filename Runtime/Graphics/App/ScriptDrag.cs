using Myelin.Graphics.Platform;

namespace Myelin.Graphics.App;

/// <summary>
/// A scripted drag: press at (<paramref name="X0"/>, <paramref name="Y0"/>) on frame <paramref name="Frame"/>,
/// move in a straight line over <paramref name="Frames"/> frames, release at (<paramref name="X1"/>, <paramref name="Y1"/>).
/// Its events are made as the frames are reached, so a long drag costs no memory.
/// </summary>
public readonly record struct ScriptDrag(int Frame, float X0, float Y0, float X1, float Y1, int Frames, int Button)
{
    /// <summary>The frame of the release.</summary>
    public int End => Frame + Frames;

    /// <summary>Applies this drag's events of <paramref name="frame"/> (between <see cref="Frame"/> and <see cref="End"/>): move and press at the start, a move each later frame, the release after the last move.</summary>
    public void Apply(long frame, InputState input)
    {
        var step = (int)(frame - Frame);
        if (step == 0)
        {
            input.Apply(new InputEvent(InputKind.MouseMove, X0, Y0));
            input.Apply(new InputEvent(InputKind.MouseDown, X0, Y0, Button));
            return;
        }
        var t = (float)step / Frames;
        input.Apply(new InputEvent(InputKind.MouseMove, X0 + (X1 - X0) * t, Y0 + (Y1 - Y0) * t));
        if (step == Frames) input.Apply(new InputEvent(InputKind.MouseUp, X1, Y1, Button));
    }
}
