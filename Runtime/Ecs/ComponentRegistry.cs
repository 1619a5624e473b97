namespace Myelin.Ecs;

// Process-wide list of registered component types; ids index into it.
internal static class ComponentRegistry
{
    private static readonly object Gate = new();
    private static ComponentOps[] _ops = new ComponentOps[64];
    private static Type[] _types = new Type[64];
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static int Register(Type type, ComponentOps ops)
    {
        lock (Gate)
        {
            if (_count == _ops.Length)
            {
                Array.Resize(ref _ops, _count * 2);
                Array.Resize(ref _types, _count * 2);
            }
            _ops[_count] = ops;
            _types[_count] = type;
            return _count++;
        }
    }

    public static ComponentOps Ops(int id) => Volatile.Read(ref _ops)[id];

    public static Type TypeOf(int id) => Volatile.Read(ref _types)[id];
}
