namespace Myelin.Tests.Ecs;

public record struct Position(float X, float Y);

public record struct Velocity(float X, float Y);

public record struct Health(int Value);

public record struct Tag;

// A component holding a managed reference, to check non-unmanaged structs work.
public record struct Label(string Text);
