using System.Runtime.CompilerServices;

namespace Myelin.Ecs;

// Recorded component values of one type, so playback calls the typed World.Add/Set without boxing.
internal abstract class CommandColumn
{
    public abstract void Apply(World world, CommandKind kind, Entity entity, int index);

    public abstract void Clear();
}

internal sealed class CommandColumn<T> : CommandColumn where T : struct
{
    private T[] _values = new T[16];
    private int _count;

    public int Push(in T value)
    {
        if (_count == _values.Length) Array.Resize(ref _values, _count * 2);
        _values[_count] = value;
        return _count++;
    }

    public override void Apply(World world, CommandKind kind, Entity entity, int index)
    {
        if (kind == CommandKind.Add) world.Add(entity, in _values[index]);
        else world.Set(entity, in _values[index]);
    }

    public override void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(_values, 0, _count);
        _count = 0;
    }
}
