using Myelin.Graphics.App;

namespace Myelin.Demos;

/// <summary>A scene the `demo` command can run: its name, a one-line description and a factory.</summary>
public sealed record SceneEntry(string Name, string Description, Func<IScene> Create);
