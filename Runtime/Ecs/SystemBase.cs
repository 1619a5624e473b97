namespace Myelin.Ecs;

/// <summary>
/// Convenience base for systems: holds the <see cref="World"/> and gives empty lifecycle hooks,
/// so a system overrides only <see cref="Update"/> and keeps its queries in readonly fields.
/// </summary>
public abstract class SystemBase : ISystem
{
    /// <summary>Creates a system working on <paramref name="world"/>.</summary>
    /// <param name="world">The world this system queries and changes.</param>
    protected SystemBase(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
    }

    /// <summary>The world this system works on.</summary>
    public World World { get; }

    /// <inheritdoc />
    public virtual void Initialize() { }

    /// <inheritdoc />
    public virtual void BeforeUpdate(in float dt) { }

    /// <inheritdoc />
    public abstract void Update(in float dt);

    /// <inheritdoc />
    public virtual void AfterUpdate(in float dt) { }

    /// <inheritdoc />
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
