namespace Myelin.Ecs;

/// <summary>
/// Records structural changes (create, destroy, add, remove, set) to apply later with
/// <see cref="Playback"/>, typically after a query that decided them. Commands run in recording order.
/// Entities from <see cref="Create"/> are placeholders (negative ids) that later commands in the same
/// buffer may use; they become real entities during playback. Reuses its storage: no allocation
/// once warmed up. Not thread-safe: use one buffer per thread.
/// </summary>
public sealed class CommandBuffer
{
    private Command[] _commands = new Command[64];
    private int _count;
    private CommandColumn?[] _columns = new CommandColumn?[16];
    private int _placeholders;
    private Entity[] _created = new Entity[16];

    /// <summary>Number of recorded commands not yet played back.</summary>
    public int Count => _count;

    /// <summary>Records the creation of an entity with no components.</summary>
    /// <returns>A placeholder for the entity; valid in this buffer's later commands only.</returns>
    public Entity Create()
    {
        var placeholder = new Entity(-(++_placeholders), 0);
        Record(new Command(CommandKind.Create, placeholder, -1, -1));
        return placeholder;
    }

    /// <summary>Records the destruction of <paramref name="entity"/>.</summary>
    /// <param name="entity">A live entity or a placeholder from <see cref="Create"/>.</param>
    public void Destroy(Entity entity) => Record(new Command(CommandKind.Destroy, entity, -1, -1));

    /// <summary>Records adding <paramref name="value"/> as a new component of <paramref name="entity"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity or a placeholder from <see cref="Create"/>.</param>
    /// <param name="value">The component's value, copied now.</param>
    public void Add<T>(Entity entity, in T value) where T : struct =>
        Record(new Command(CommandKind.Add, entity, ComponentType<T>.Id, Column<T>().Push(in value)));

    /// <summary>Records overwriting <paramref name="entity"/>'s existing <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity or a placeholder from <see cref="Create"/>.</param>
    /// <param name="value">The new value, copied now.</param>
    public void Set<T>(Entity entity, in T value) where T : struct =>
        Record(new Command(CommandKind.Set, entity, ComponentType<T>.Id, Column<T>().Push(in value)));

    /// <summary>Records removing <paramref name="entity"/>'s <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">Component type.</typeparam>
    /// <param name="entity">A live entity or a placeholder from <see cref="Create"/>.</param>
    public void Remove<T>(Entity entity) where T : struct =>
        Record(new Command(CommandKind.Remove, entity, ComponentType<T>.Id, -1));

    /// <summary>
    /// Applies every recorded command to <paramref name="world"/> in order, then clears the buffer
    /// (also when a command throws; commands before it stay applied).
    /// </summary>
    /// <param name="world">The world to change; must not be iterating.</param>
    /// <exception cref="InvalidOperationException">A command targets a dead entity or breaks a World rule.</exception>
    public void Playback(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        try
        {
            if (_created.Length < _placeholders) Array.Resize(ref _created, _placeholders);
            int created = 0;
            for (int i = 0; i < _count; i++)
            {
                Command command = _commands[i];
                if (command.Kind == CommandKind.Create)
                {
                    _created[created++] = world.Create();
                    continue;
                }
                Entity entity = Resolve(command.Entity, created);
                switch (command.Kind)
                {
                    case CommandKind.Destroy:
                        world.Destroy(entity);
                        break;
                    case CommandKind.Remove:
                        world.Remove(entity, command.TypeId);
                        break;
                    default:
                        _columns[command.TypeId]!.Apply(world, command.Kind, entity, command.ValueIndex);
                        break;
                }
            }
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Drops every recorded command without applying it.</summary>
    public void Clear()
    {
        Array.Clear(_commands, 0, _count);
        _count = 0;
        _placeholders = 0;
        Array.Clear(_created);
        foreach (CommandColumn? column in _columns) column?.Clear();
    }

    private Entity Resolve(Entity entity, int created)
    {
        if (entity.Id >= 0) return entity;
        int index = -entity.Id - 1;
        if (index >= created)
            throw new InvalidOperationException($"{entity} is not a placeholder created earlier in this CommandBuffer.");
        return _created[index];
    }

    private CommandColumn<T> Column<T>() where T : struct
    {
        int id = ComponentType<T>.Id;
        if (id >= _columns.Length) Array.Resize(ref _columns, Math.Max(id + 1, _columns.Length * 2));
        return (CommandColumn<T>)(_columns[id] ??= new CommandColumn<T>());
    }

    private void Record(in Command command)
    {
        if (_count == _commands.Length) Array.Resize(ref _commands, _count * 2);
        _commands[_count++] = command;
    }
}
