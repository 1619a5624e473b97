namespace Myelin.Ecs;

/// <summary>
/// Declares frame order in one place: systems run in the order they were added, each phase
/// (<see cref="BeforeUpdate"/>, <see cref="Update"/>, <see cref="AfterUpdate"/>) across all of them.
/// A group is itself a system, so groups nest (e.g. observe -> infer -> act -> learn -> render).
/// </summary>
public sealed class SystemGroup : ISystem
{
    private readonly List<ISystem> _systems = new();

    /// <summary>Creates an empty group.</summary>
    /// <param name="name">A name for diagnostics.</param>
    public SystemGroup(string name) => Name = name;

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>The systems in run order.</summary>
    public IReadOnlyList<ISystem> Systems => _systems;

    /// <summary>Appends systems to the run order.</summary>
    /// <param name="systems">Systems (or groups) to run after those already added.</param>
    /// <returns>This group, for chaining.</returns>
    /// <exception cref="ArgumentException">A system is already in the group, or is the group itself.</exception>
    public SystemGroup Add(params ISystem[] systems)
    {
        foreach (ISystem system in systems)
        {
            ArgumentNullException.ThrowIfNull(system);
            if (ReferenceEquals(system, this) || _systems.Contains(system))
                throw new ArgumentException($"System {system} is already in group '{Name}' (or is the group itself).");
            _systems.Add(system);
        }
        return this;
    }

    /// <inheritdoc />
    public void Initialize()
    {
        foreach (ISystem system in _systems) system.Initialize();
    }

    /// <inheritdoc />
    public void BeforeUpdate(in float dt)
    {
        foreach (ISystem system in _systems) system.BeforeUpdate(in dt);
    }

    /// <inheritdoc />
    public void Update(in float dt)
    {
        foreach (ISystem system in _systems) system.Update(in dt);
    }

    /// <inheritdoc />
    public void AfterUpdate(in float dt)
    {
        foreach (ISystem system in _systems) system.AfterUpdate(in dt);
    }

    /// <summary>Runs <see cref="BeforeUpdate"/>, <see cref="Update"/> and <see cref="AfterUpdate"/> once.</summary>
    /// <param name="dt">Seconds since the previous frame.</param>
    public void Tick(in float dt)
    {
        BeforeUpdate(in dt);
        Update(in dt);
        AfterUpdate(in dt);
    }

    /// <summary>Disposes the systems in reverse order.</summary>
    public void Dispose()
    {
        for (int i = _systems.Count - 1; i >= 0; i--) _systems[i].Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"SystemGroup({Name}, {_systems.Count} systems)";
}
