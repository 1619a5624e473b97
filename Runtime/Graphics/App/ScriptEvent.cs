using Myelin.Graphics.Platform;

namespace Myelin.Graphics.App;

/// <summary>One scripted input event at frame <paramref name="Frame"/>; <paramref name="AtPointer"/> events take the pointer's position when replayed.</summary>
public readonly record struct ScriptEvent(int Frame, InputEvent Event, bool AtPointer = false);
